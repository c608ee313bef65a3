"""Sets the acting user for each web request, so history records who did what through the UI, and
turns a refusal from a service (a locked record, a read-only field) into a clear answer."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from guanxi.access.scoping import Sight, seeing
from guanxi.core import registry
from guanxi.core.actor import Actor, acting_as
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied

logger = logging.getLogger("guanxi.access")


PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries if e)


def _is_trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: tuple[Any, ...]) -> str:
    """The client's address from the proxies' X-Forwarded-For: the right-most address that is not
    a trusted proxy (a client may put anything on the left; each trusted proxy appends its peer)."""
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage from a proxy's own peer: keep the proxy's address
    return peer


class TrustedProxyMiddleware:
    """Behind the reverse proxies named in GUANXI_TRUSTED_PROXIES, the client's address (sign-in
    log, cool-off, allowed networks) and whether it used HTTPS come from their X-Forwarded-For and
    X-Forwarded-Proto; from any other peer those headers are removed, so nobody forges them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = _trusted_networks(tuple(getattr(settings, "GUANXI_TRUSTED_PROXIES", ())))
        peer = request.META.get("REMOTE_ADDR", "")
        if networks and peer and _is_trusted(peer, networks):
            request.META["GUANXI_PROXY_ADDR"] = peer
            request.META["REMOTE_ADDR"] = forwarded_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), networks)
            proto = request.META.get("HTTP_X_FORWARDED_PROTO", "")
            if proto:  # a chain of proxies: the first one's view of the client's scheme
                request.META["HTTP_X_FORWARDED_PROTO"] = proto.split(",")[0].strip().lower()
        else:
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class RequestSizeMiddleware:
    """A request body larger than the product takes is refused at once with 413 (Django would read
    it and answer 400, or a view would fail on it): DATA_UPLOAD_MAX_MEMORY_SIZE for forms and JSON,
    the attachment limit (plus room for the form around the file) for uploads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        upload = request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")
        limit = settings.GUANXI_MAX_ATTACHMENT_BYTES + 1024 * 1024 if upload else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return too_large(request, limit)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        # A form whose fields (not its files) are over the limit: read here, before the CSRF check
        # would, so it is a 413 rather than Django's bare 400.
        if request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            try:
                request.POST  # noqa: B018 - parsing is the point
            except RequestDataTooBig:
                return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request is larger than {n} MB.").format(n=round(limit / 1024 / 1024, 1))
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": _("Request too large"), "status": 413, "detail": message}
        return JsonResponse(body, status=413, content_type="application/problem+json")
    return render(request, "core/denied.html", {"message": message}, status=413)


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        registry.sync()  # object types defined at run time, as another process may have changed them
        # Pages name a linked record only if the user may see it (an API call asks for its own user).
        sight = Sight(user) if user is not None else None
        with acting_as(Actor(user, Source.UI)), seeing(sight):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, IntegrityError):
            # A rule only the database could check; the transaction was rolled back.
            logger.warning("integrity error: path=%s %s", request.path, exception)
            message = _("Nothing was saved: the change conflicts with other records. Reload the page and try again.")
            return render(request, "core/denied.html", {"message": message}, status=409)
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
