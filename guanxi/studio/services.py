"""Writes of customization metadata: custom fields, picklists, custom objects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils.translation import gettext as _

from guanxi.access.services import audit
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.text import plural_slug
from guanxi.customization.choices import FieldType
from guanxi.customization.models import CustomField, CustomObject, CustomRecord, Picklist, PicklistOption
from guanxi.customization.selectors import forget_custom_fields, forget_picklist

from . import objects

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@transaction.atomic
def save_custom_field(data: dict[str, Any], *, actor: Actor, instance: CustomField | None = None) -> CustomField:
    cf = instance or CustomField()
    for name, value in data.items():
        setattr(cf, name, value)
    errors: dict[str, list[str]] = {}
    if not KEY_RE.match(cf.key or ""):
        errors["key"] = [_("Use lower-case letters, digits and underscores, starting with a letter.")]
    if registry.maybe(cf.object_type) is None:
        errors["object_type"] = [_("Unknown object type.")]
    if cf.field_type in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not cf.choices:
        errors["choices"] = [_("Give at least one choice.")]
    if cf.field_type == FieldType.LOOKUP and registry.maybe(cf.lookup_object_type) is None:
        errors["lookup_object_type"] = [_("Choose the object type this field points to.")]
    if errors:
        raise ValidationError(errors)
    cf.full_clean()
    cf.save()
    forget_custom_fields()
    if registry.get(cf.object_type).custom:
        objects.changed()  # the search covers its text fields
    return cf


def parse_choices(text: str) -> list[dict[str, str]]:
    """One choice per line: `value | English | 简体 | 繁體` (labels optional)."""
    choices = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        parts += [""] * (4 - len(parts))
        choices.append(
            {"value": parts[0], "label": parts[1] or parts[0], "label_zh_hans": parts[2], "label_zh_hant": parts[3]}
        )
    return choices


@transaction.atomic
def ensure_picklist(key: str, name: str, options: list[tuple[str, str, str, str]]) -> Picklist:
    """Create or extend a picklist with (value, English, 简体, 繁體) options; existing labels are kept."""
    picklist, _created = Picklist.objects.get_or_create(key=key, defaults={"name": name})
    for order, (value, en, hans, hant) in enumerate(options):
        PicklistOption.objects.get_or_create(
            picklist=picklist,
            value=value,
            defaults={"label": en, "label_zh_hans": hans, "label_zh_hant": hant, "order": order},
        )
    forget_picklist(key)
    return picklist


@transaction.atomic
def save_picklist_option(
    picklist: Picklist, data: dict[str, Any], *, actor: Actor, instance: PicklistOption | None = None
) -> PicklistOption:
    option = instance or PicklistOption(picklist=picklist)
    for name, value in data.items():
        setattr(option, name, value)
    option.full_clean()
    option.save()
    forget_picklist(picklist.key)
    return option


OBJECT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
STATUS_VALUE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
# Words an object type's key may never be, whatever the pages of the day (the rest come from the
# URL resolver, see reserved_keys).
RESERVED_KEYS = {"admin", "api", "app", "new", "static", "media"}
_ROUTE_WORD = re.compile(r"^(?:app|api/v\d+)/([a-z][a-z0-9_]*)(?:/|$)")


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        else:
            yield route


def reserved_keys() -> frozenset[str]:
    """Every word the addresses already use where an object type's key would go — /app/<word>/…
    and /api/v1/<word>… — read from the URL resolver, so a module's page (the calendar, the sales
    dashboard, a later app's) can never be shadowed by a custom object keyed like it. The custom
    objects' own generated routes do not count against them."""
    words = set(RESERVED_KEYS)
    for route in _routes(get_resolver().url_patterns):
        if found := _ROUTE_WORD.match(route):
            words.add(found.group(1))
    return frozenset(words - {name for ot in registry.all_types() if ot.custom for name in (ot.key, ot.api_name)})


@transaction.atomic
def save_custom_object(data: dict[str, Any], *, actor: Actor, instance: CustomObject | None = None) -> CustomObject:
    """Define or change a custom object. `data`: key (fixed once created), label / label_plural /
    name_label with their zh_hans and zh_hant variants, statuses [{value, label, label_zh_hans,
    label_zh_hant}] in board order (empty: no status field), icon, order, active."""

    obj = instance or CustomObject()
    old_statuses: list[dict[str, str]] = list(obj.statuses) if instance else []
    before = {"label": obj.label, "statuses": old_statuses, "active": obj.active} if instance else {}
    errors: dict[str, list[str]] = {}
    if instance is not None and data.get("key", obj.key) != obj.key:
        errors["key"] = [_("The key of an object cannot change: links and API clients use it.")]
    for name, value in data.items():
        setattr(obj, name, value)
    if instance is None:
        if not OBJECT_KEY_RE.match(obj.key or ""):
            errors["key"] = [_("Use 2 to 40 lower-case letters, digits and underscores, starting with a letter.")]
        elif (
            obj.key in reserved_keys()
            or plural_slug(obj.key) in reserved_keys()
            or ((known := registry.maybe_loaded(obj.key)) is not None and not known.custom)
            or registry.by_api_name(plural_slug(obj.key)) is not None
        ):
            errors["key"] = [_("This key is taken; choose another.")]
        elif CustomObject.objects.filter(key=obj.key).exists():
            errors["key"] = [_("A custom object with this key exists.")]
    for name in ("label", "label_plural"):
        if not str(getattr(obj, name) or "").strip():
            errors[name] = [_("This field is required.")]
    values = [str(s.get("value", "")) for s in obj.statuses]
    bad = [v for v in values if not STATUS_VALUE_RE.match(v)]
    if bad:
        errors["statuses"] = [
            _("“{value}”: a status value uses letters, digits, dot, dash and underscore.").format(value=bad[0])
        ]
    elif len(set(values)) != len(values):
        errors["statuses"] = [_("Each status value may appear once.")]
    elif instance is not None:
        dropped = {s["value"] for s in old_statuses} - set(values)
        in_use = (
            CustomRecord.objects.filter(object_type=obj.key, status__in=dropped).values_list("status", flat=True)
            if dropped
            else []
        )
        if in_use:
            used = sorted(set(in_use))
            errors["statuses"] = [
                _("Records are still in the status “{value}”; move them to another status first.").format(value=used[0])
            ]
    if errors:
        raise ValidationError(errors)
    obj.full_clean()
    obj.save()
    audit(
        actor=actor,
        area="custom_object",
        target=obj.key,
        action="created" if instance is None else "changed",
        before=before,
        after={"label": obj.label, "statuses": obj.statuses, "active": obj.active},
    )
    objects.changed()  # this process (and this transaction) sees it at once
    transaction.on_commit(objects.changed)  # others reload after commit, when they can read it
    return obj
