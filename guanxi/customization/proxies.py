"""The proxy class of each custom object type: rows of the shared `CustomRecord` table seen
through managers that filter by type. Created once per process and kept out of Django's app
registry, so migrations and system checks never see them. The studio's `objects` module fills
`definitions_loaded` from the `CustomObject` rows and registers an object type per definition."""

from __future__ import annotations

from typing import Any

from django.apps.registry import Apps
from django.db import models
from django.utils.functional import lazy

from .models import CustomObject, CustomRecord

# Proxy classes live in their own app registry: not installed, so makemigrations and checks skip them.
custom_apps = Apps(installed_apps=())
_classes: dict[str, type[CustomRecord]] = {}
definitions_loaded: dict[str, CustomObject] = {}  # key → the active definition this process runs


class _TypeManager(models.Manager[Any]):
    """The rows of one custom object type (live ones only, unless `alive` is False)."""

    def __init__(self, key: str, *, alive: bool) -> None:
        super().__init__()
        self.key = key
        self.alive = alive

    def get_queryset(self) -> models.QuerySet[Any]:
        qs = super().get_queryset().filter(object_type=self.key)
        return qs.filter(deleted_at__isnull=True) if self.alive else qs


def _label(key: str, which: str) -> str:
    definition = definitions_loaded.get(key)
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


def definition_of(key: str) -> CustomObject:
    return definitions_loaded.get(key) or CustomObject(key=key, label=key, label_plural=key)
