"""Reads of the change log, always for a record the caller already reached through the access layer."""

from __future__ import annotations

from django.db import models

from guanxi.core import registry

from .models import ChangeEntry


def history_for(obj: models.Model, *, limit: int = 200) -> models.QuerySet[ChangeEntry]:
    ot = registry.for_model(obj)
    return (
        ChangeEntry.objects.filter(object_type=ot.key, object_id=obj.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
