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

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext as _

from guanxi.access.scoping import rules_changed
from guanxi.core import phones, registry
from guanxi.core.actor import Actor
from guanxi.core.registry import ObjectType
from guanxi.customization.choices import FieldType
from guanxi.customization.models import CustomObject
from guanxi.customization.proxies import definition_of, definitions_loaded, model_for
from guanxi.customization.selectors import custom_fields_for
from guanxi.records.services import RecordService

VERSION_KEY = "guanxi:custom-objects:version"
_loaded = {"version": None}
# Text-like custom fields whose values go into the search text.
SEARCHED_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL, FieldType.PHONE, FieldType.URL)


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
        field_labels={"name": lambda: definition_of(key).name_field_label()},
        field_choices={"status": lambda: definition_of(key).status_choices()} if has_status else {},
    )


def install(definitions: list[CustomObject]) -> None:
    """Make the registry hold exactly these custom objects (the active ones)."""
    wanted = {d.key: d for d in definitions if d.active}
    for ot in list(registry.all_types()):
        if ot.custom and ot.key not in wanted:
            registry.unregister(ot.key)
            definitions_loaded.pop(ot.key, None)
    for key, definition in wanted.items():
        existing = registry.maybe_loaded(key)
        if existing is not None and not existing.custom:
            continue  # never shadow a core object type (the service refuses such keys)
        definitions_loaded[key] = definition
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

    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _loaded["version"] = None
    sync()
    rules_changed()  # access profiles list the object types


def forget_all() -> None:
    """Drop every custom object from this process's registry (tests, between databases)."""
    for ot in list(registry.all_types()):
        if ot.custom:
            registry.unregister(ot.key)
    definitions_loaded.clear()
    _loaded["version"] = None
