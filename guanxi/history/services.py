"""Writes of the history app: recording changes. Called by core services inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from guanxi.core.actor import Actor

from .models import ChangeEntry


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": jsonable(value.pk), "label": str(value)}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def record_change(
    *,
    object_type: str,
    obj: models.Model,
    action: str,
    changes: dict[str, tuple[Any, Any]],
    actor: Actor,
    label: str = "",
) -> ChangeEntry:
    return ChangeEntry.objects.create(
        object_type=object_type,
        object_id=obj.pk,
        object_label=(label or str(obj))[:255],
        action=action,
        changes={k: [jsonable(old), jsonable(new)] for k, (old, new) in changes.items()},
        version=getattr(obj, "version", 1),
        actor=actor.user,
        source=actor.source,
    )
