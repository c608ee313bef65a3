"""Sets the acting user for each web request, so history records who did what through the UI, and
turns a refusal from a service (a locked record, a read-only field) into a clear answer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from . import registry
from .actor import Actor, acting_as
from .choices import Source
from .errors import PermissionDenied

logger = logging.getLogger("guanxi.access")


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        registry.sync()  # object types defined at run time, as another process may have changed them
        with acting_as(Actor(user, Source.UI)):  # type: ignore[arg-type]
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PermissionDenied):
            return None
        logger.warning(
            "access denied: user=%s path=%s reason=%s", getattr(request.user, "username", "-"), request.path, exception
        )
        back = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
            messages.error(request, str(exception))
            return HttpResponseRedirect(back)
        return render(request, "core/denied.html", {"message": str(exception)}, status=403)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script anywhere: behaviour is declared with data- attributes
        "style-src 'self' 'unsafe-inline'",  # style attributes (tag colours, tree indents)
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Content-Security-Policy and Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response
