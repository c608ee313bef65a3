"""The ownership conflicts link in the navigation: for administrators and department managers,
with the number of open conflicts they can settle or see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from guanxi.access.models import Department
from guanxi.access.scoping import is_administrator

from .conflicts import visible_conflicts


def conflicts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not (is_administrator(user) or Department.objects.filter(manager=user).exists()):  # type: ignore[arg-type]
        return {}
    return {
        "conflicts_open": visible_conflicts(user).filter(resolved_at__isnull=True).count(),  # type: ignore[arg-type]
        "manages_sales": True,  # territories: assignment rules and handing customers over
    }
