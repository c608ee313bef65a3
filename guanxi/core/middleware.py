"""Sets the acting user for each web request, so history records who did what through the UI."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .actor import Actor, acting_as
from .choices import Source


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        with acting_as(Actor(user, Source.UI)):  # type: ignore[arg-type]
            return self.get_response(request)
