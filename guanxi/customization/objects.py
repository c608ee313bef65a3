"""Custom objects at run time: each `CustomObject` row becomes a registered object type.

Its records are rows of the shared `CustomRecord` table; a proxy class per object type (created
once per process, kept out of Django's app registry so migrations and system checks never see it)
has managers that filter by type, so every generic page, the API, search, history, the recycle bin
and the access layer work on it as on a core model, unchanged.

Processes learn of changes through a version token in the shared cache: each request calls
`registry.sync()`, which reloads the definitions when the token differs from the one this process
last loaded (one cache read per request; Redis in production, so every web process follows).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.apps.registry import Apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.registry import ObjectType
from guanxi.core.services import RecordService

from .choices import FieldType
from .models import CustomObject, CustomRecord
from .selectors import custom_fields_for

VERSION_KEY = "guanxi:custom-objects:version"
# Proxy classes live in their own app registry: not installed, so makemigrations and checks skip them.
custom_apps = Apps(installed_apps=())
_classes: dict[str, type[CustomRecord]] = {}
_definitions: dict[str, CustomObject] = {}
_loaded = {"version": None}
# Text-like custom fields whose values go into the search text.
SEARCHED_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL, FieldType.PHONE, FieldType.URL)


class _TypeManager(models.Manager):
    """The rows of one custom object type (live ones only, unless `alive` is False)."""

    def __init__(self, key: str, *, alive: bool) -> None:
        super().__init__()
        self.key = key
        self.alive = alive

    def get_queryset(self) -> models.QuerySet:
        qs = super().get_queryset().filter(object_type=self.key)
        return qs.filter(deleted_at__isnull=True) if self.alive else qs


def _label(key: str, which: str) -> str:
    definition = _definitions.get(key)
    if definition is None:
        return key
    return definition.plural() if which == "plural" else str(definition)


_lazy_label = lazy(_label, str)


def model_for(key: str) -> type[CustomRecord]:
    """The proxy class of a custom object type, created once per process."""
    cls = _classes.get(key)
    if cls is None:
        meta = type(
            "Meta",
            (),
            {
                "proxy": True,
                "app_label": "guanxi_custom",
                "apps": custom_apps,
                "base_manager_name": "all_objects",
                "verbose_name": _lazy_label(key, "singular"),
                "verbose_name_plural": _lazy_label(key, "plural"),
            },
        )
        attrs = {
            "__module__": __name__,
            "Meta": meta,
            "CUSTOM_KEY": key,
            "objects": _TypeManager(key, alive=True),
            "all_objects": _TypeManager(key, alive=False),
        }
        cls = type(f"Custom_{key}", (CustomRecord,), attrs)
        _classes[key] = cls
    return cls


class CustomRecordService(RecordService):
    """The write rules every custom object shares: a name, a status from its own list."""

    def build(self, data: dict[str, Any]) -> models.Model:
        return self.object_type.model(object_type=self.object_type.key)

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        choices = self.object_type.choices("status") if "status" in self.object_type.field_choices else None
        if creating and choices and not obj.status:  # type: ignore[attr-defined]
            obj.status = choices[0][0]  # type: ignore[attr-defined]

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        status = obj.status  # type: ignore[attr-defined]
        choices = self.object_type.choices("status") if "status" in self.object_type.field_choices else []
        if status and status not in {value for value, _label in choices or []}:
            raise ValidationError({"status": [_("“{value}” is not one of the choices.").format(value=status)]})

    def _names(self, obj: models.Model) -> list[str]:
        return [n for n in super()._names(obj) if n != "object_type"]  # fixed, not a change to record

    def search_text(self, obj: models.Model) -> str:
        parts = [obj.name]  # type: ignore[attr-defined]
        custom = getattr(obj, "custom", None) or {}
        for cf in custom_fields_for(self.object_type.key):
            if cf.field_type in SEARCHED_TYPES and custom.get(cf.key):
                value = str(custom[cf.key])
                if cf.field_type == FieldType.PHONE:
                    from guanxi.core import phones

                    value = phones.search_digits(value)
                parts.append(value)
        return " ".join(p for p in parts if p)


def object_type_for(definition: CustomObject) -> ObjectType:
    """The registry entry of a custom object, from its definition."""
    key = definition.key
    has_status = bool(definition.statuses)
    searched = tuple(f"custom.{cf.key}" for cf in custom_fields_for(key) if cf.field_type in SEARCHED_TYPES)
    status = ("status",) if has_status else ()
    return ObjectType(
        key=key,
        model=model_for(key),
        service=CustomRecordService(),
        list_columns=("name", *status, "owner", "updated_at"),
        form_fields=("name", *status, "owner"),
        filter_fields=(*status, "owner"),
        sort_fields=("name", "updated_at", "created_at"),
        default_sort="-updated_at",
        detail_fields=("name", *status, "owner", "department", "created_at", "created_by", "updated_at", "updated_by"),
        search_fields=("name",),
        search_covers=("name", *searched),
        stage_field="status" if has_status else None,
        icon=definition.icon or "◆",
        order=definition.order,
        custom=True,
        field_labels={"name": lambda: _definition_of(key).name_field_label()},
        field_choices={"status": lambda: _definition_of(key).status_choices()} if has_status else {},
    )


def _definition_of(key: str) -> CustomObject:
    return _definitions.get(key) or CustomObject(key=key, label=key, label_plural=key)


def install(definitions: list[CustomObject]) -> None:
    """Make the registry hold exactly these custom objects (the active ones)."""
    wanted = {d.key: d for d in definitions if d.active}
    for ot in list(registry.all_types()):
        if ot.custom and ot.key not in wanted:
            registry.unregister(ot.key)
            _definitions.pop(ot.key, None)
    for key, definition in wanted.items():
        existing = registry.maybe_loaded(key)
        if existing is not None and not existing.custom:
            continue  # never shadow a core object type (the service refuses such keys)
        _definitions[key] = definition
        registry.unregister(key)
        registry.register(object_type_for(definition))


def sync() -> None:
    """Bring this process's registry up to date with the definitions, when they changed."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    if version is not None and version == _loaded["version"]:
        return
    try:
        definitions = list(CustomObject.objects.all())
    except DatabaseError:  # the table does not exist yet (before migrate)
        return
    install(definitions)
    _loaded["version"] = version


def changed() -> None:
    """Definitions or their fields changed: every process reloads them on its next request."""
    from guanxi.access.scoping import rules_changed

    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _loaded["version"] = None
    sync()
    rules_changed()  # access profiles list the object types


def forget_all() -> None:
    """Drop every custom object from this process's registry (tests, between databases)."""
    for ot in list(registry.all_types()):
        if ot.custom:
            registry.unregister(ot.key)
    _definitions.clear()
    _loaded["version"] = None
