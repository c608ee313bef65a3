"""Template context for every page: the navigation built from the registry, within the user's rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from guanxi.access.choices import Operation
from guanxi.access.scoping import can_any, is_administrator
from guanxi.core import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [ot for ot in registry.all_types() if ot.menu and can_any(user, ot.key, Operation.VIEW)]
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_object_types": items, "unread_notifications": unread, "is_administrator": is_administrator(user)}
