"""Session start for the lifetime limits, and the sign-out entry of the sign-in log."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from .login import record
from .models import LoginEventKind, User
from .scoping import rules_changed


def on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session["gx_started"] = now
        request.session["gx_seen"] = now


def on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:

    if user is not None and request is not None and getattr(request, "path", "") == "/logout/":
        record(LoginEventKind.LOGOUT, request, username=user.username, user=user)


def access_rules_changed(sender: Any, **kwargs: Any) -> None:
    """Any change to roles, grants, field rules, sharing rules, memberships or departments makes
    every cached access profile stale."""

    rules_changed()
