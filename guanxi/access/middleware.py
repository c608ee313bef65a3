"""Per-request parts of access control: the user's own language; session lifetime, the roles'
networks and working hours, and a second factor that a role requires."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from . import login
from .models import LoginEventKind

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Pages a user may reach before setting up a second factor that a role requires.
ENROL_PATHS = ("/app/settings/2fa/", "/logout/", "/language/", "/static/", "/login/")


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            with translation.override(user.language):  # for this request only, not the thread's next work
                request.LANGUAGE_CODE = user.language
                return self.get_response(request)
        return self.get_response(request)


class LoginPolicyMiddleware:
    """Ends sessions idle too long or open too long, applies each role's networks and working
    hours to every request (read-only outside hours where the role says so), and sends a user
    whose role requires a second factor to set one up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        now = time.time()
        if login.session_expired(session, now):
            login.record(LoginEventKind.TIMEOUT, request, username=user.username, user=user)
            logout(request)
            return self._signed_out(request)
        if now - session.get("gx_seen", 0) > 60:
            session["gx_seen"] = now  # written at most once a minute
            session.setdefault("gx_started", now)
        window = login.access_window(user, login.client_ip(request))
        if window == login.DENY:
            login.record(LoginEventKind.DENIED, request, username=user.username, user=user)
            logout(request)
            return self._signed_out(request)
        if window == login.READ_ONLY and request.method not in SAFE_METHODS and request.path != "/logout/":
            return self._read_only(request)
        # Every surface a session reaches (pages, the API, downloads), not only /app/: a session
        # that has not set up a second factor its role requires reads and writes nothing.
        if not session.get("gx_mfa_ok") and not request.path.startswith(ENROL_PATHS) and login.requires_2fa(user):
            if login.has_2fa(user):
                session["gx_mfa_ok"] = True  # signed in through the verify step
            elif request.path.startswith("/api/"):
                message = _("Your role requires two-step sign-in: set it up under My settings first.")
                body = {"type": "about:blank", "title": message, "status": 403, "detail": message}
                return JsonResponse(body, status=403, content_type="application/problem+json")
            else:
                return HttpResponseRedirect("/app/settings/2fa/")
        return self.get_response(request)

    @staticmethod
    def _signed_out(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": _("Not signed in"), "status": 401, "detail": _("Not signed in")}
            return JsonResponse(body, status=401, content_type="application/problem+json")
        return HttpResponseRedirect(f"/login/?next={request.path}")

    @staticmethod
    def _read_only(request: HttpRequest) -> HttpResponse:
        message = _("Outside your working hours you can look things up but not change them.")
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": message, "status": 403, "detail": message}
            return JsonResponse(body, status=403, content_type="application/problem+json")
        return render(request, "core/denied.html", {"message": message}, status=403)
