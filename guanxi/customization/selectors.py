"""Reads of customization metadata. Cached per process and cleared whenever an administrator saves."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from guanxi.core.registry import ObjectType

from .models import CustomField, Picklist, PicklistOption

_CACHE_KEY = "guanxi:custom-fields:v1"


def custom_fields_for(object_type: str) -> list[CustomField]:
    by_type: dict[str, list[CustomField]] | None = cache.get(_CACHE_KEY)
    if by_type is None:
        by_type = {}
        for cf in CustomField.objects.filter(active=True).order_by("order", "key"):
            by_type.setdefault(cf.object_type, []).append(cf)
        cache.set(_CACHE_KEY, by_type, 300)
    return by_type.get(object_type, [])


def lookups_to(object_type: str) -> list[CustomField]:
    """Custom lookup fields, of any object type, that point at records of `object_type`."""
    custom_fields_for("")  # fills the cache
    by_type: dict[str, list[CustomField]] = cache.get(_CACHE_KEY) or {}
    return [
        cf
        for fields in by_type.values()
        for cf in fields
        if cf.field_type == "lookup" and cf.lookup_object_type == object_type
    ]


def forget_custom_fields() -> None:
    cache.delete(_CACHE_KEY)


def picklist_options(key: str) -> list[PicklistOption]:
    cache_key = f"guanxi:picklist:{key}"
    options: list[PicklistOption] | None = cache.get(cache_key)
    if options is None:
        options = list(PicklistOption.objects.filter(picklist__key=key, active=True).order_by("order", "value"))
        cache.set(cache_key, options, 300)
    return options


def forget_picklist(key: str) -> None:
    cache.delete(f"guanxi:picklist:{key}")


def picklist_choices(key: str) -> list[tuple[str, str]]:
    return [(o.value, str(o)) for o in picklist_options(key)]


def picklist_label(key: str, value: str) -> str:
    for option in picklist_options(key):
        if option.value == value:
            return str(option)
    return value


def all_picklists() -> list[Picklist]:
    return list(Picklist.objects.prefetch_related("options"))


def field_label(ot: ObjectType, name: str) -> str:
    """A field's label as users read it: a custom field's own label, “Tags”, else the model's."""
    if name.startswith("custom."):
        for cf in custom_fields_for(ot.key):
            if cf.key == name[7:]:
                return str(cf)
        return name[7:]
    if name.startswith("contact_point."):
        return name[14:]
    if name == "tags":
        return _("Tags")
    try:
        return ot.field_label(name)
    except FieldDoesNotExist:
        return name
