"""View decorators of the access layer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from .scoping import is_administrator


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Configuration pages: administrators only; anyone else gets 404, as for a hidden record."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_administrator(request.user):  # type: ignore[arg-type]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
