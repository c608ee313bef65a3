"""Test support shared by every app: sample data per object type, so the platform's generated tests
(CRUD, pages, API, history, recycle bin, permissions) run for each registered object alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from . import registry
from .actor import Actor
from .choices import Source

# object type key -> function(owner) -> data for ot.service.create (FKs as model instances)
SAMPLES: dict[str, Callable[[Any], dict[str, Any]]] = {}
# object type key -> (field, new value) used by generic update tests
EDITS: dict[str, tuple[str, Any]] = {}


def sample(key: str) -> Callable[[Callable[[Any], dict[str, Any]]], Callable[[Any], dict[str, Any]]]:
    def register(fn: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
        SAMPLES[key] = fn
        return fn

    return register


def make(key: str, owner: Any, *, by: Any = None, **overrides: Any) -> models.Model:
    """Create a record of `key` owned by `owner` through its service, as a user would: the owner,
    or `by` (an administrator entering it for them, say)."""
    ot = registry.get(key)
    data = SAMPLES[key](owner) if key in SAMPLES else {ot.title_field: f"Sample {ot.label}"}
    data.update(overrides)
    if ot.owner_field and ot.owner_field in ot.form_fields:
        data.setdefault(ot.owner_field, owner)
    made: models.Model = ot.service.create(data, actor=Actor(by or owner, Source.UI))
    return made


def api_name(key: str) -> str:
    """The API collection of an object type: /api/v1/<api_name(key)>/."""
    return registry.get(key).api_name


def api_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
