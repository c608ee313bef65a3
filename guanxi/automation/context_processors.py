"""How many approval requests wait for the signed-in user (the badge in the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .approvals import inbox


def approvals(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"approvals_waiting": inbox(user).count()}  # type: ignore[arg-type]
