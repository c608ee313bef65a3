"""What other apps read from the activities."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import OuterRef

from .models import Activity


def on_deal_since(since: datetime.datetime) -> models.QuerySet[Activity]:
    """A subquery for a deal queryset: the deal's activities that start at `since` or later
    (`~Exists(on_deal_since(t))` finds the deals nobody has worked on since)."""
    return Activity.objects.filter(opportunity=OuterRef("pk"), starts_at__gte=since)
