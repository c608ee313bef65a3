"""Sign-in, sign-out and the user's own settings (language, API tokens)."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.core import registry
from guanxi.core.actor import current_actor

from . import login
from .choices import Language
from .http import AuthedRequest
from .models import LoginEventKind, User
from .services import create_token, revoke_token


class LoginView(auth_views.LoginView):
    """Password first; then the network and hours of the user's roles; then the second factor
    when the user has one. Every outcome is logged; repeated failures bring a cool-off."""

    template_name = "access/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "").strip()[:150]
        ip = login.client_ip(request)
        until = login.locked_until(username, ip, known=login.known_here(request, username, ip)) if username else None
        if until is not None:
            login.record(LoginEventKind.LOCKED, request, username=username)
            minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
            form = self.get_form()
            form.errors.clear()
            message = _("Too many failed sign-ins. Try again in {n} minutes.").format(n=minutes)
            return self.render_to_response(self.get_context_data(form=form, blocked=message))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        username = self.request.POST.get("username", "").strip()[:150]
        if username:
            user = User.objects.filter(username=username).first()
            login.record(LoginEventKind.FAILURE, self.request, username=username, user=user)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        user: User = form.get_user()
        window = login.access_window(user, login.client_ip(self.request))
        if window == login.DENY:
            login.record(LoginEventKind.DENIED, self.request, username=user.username, user=user)
            message = _("Your roles do not allow signing in from this network at this time.")
            return self.render_to_response(self.get_context_data(form=form, blocked=message))
        if login.has_2fa(user):
            self.request.session["gx_mfa_user"] = user.pk
            self.request.session["gx_mfa_backend"] = user.backend  # type: ignore[attr-defined]
            self.request.session["gx_mfa_next"] = self.get_success_url()
            return redirect("access:verify")
        response = super().form_valid(form)
        login.record(LoginEventKind.SUCCESS, self.request, username=user.username, user=user)
        login.remember_device(self.request, response, user.username)
        return response


def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user_id = request.session.get("gx_mfa_user")
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("access:login")
    error = ""
    if request.method == "POST":
        ip = login.client_ip(request)
        code = request.POST.get("code", "").strip()[:40]
        if login.locked_until(user.username, ip, known=login.known_here(request, user.username, ip)) is not None:
            error = _("Too many failed attempts. Try again later.")
            login.record(LoginEventKind.LOCKED, request, username=user.username, user=user)
        elif login.verify_totp(user, code) or (len(code) > 8 and login.use_recovery_code(user, code)):
            target = request.session.get("gx_mfa_next") or "/app/"
            backend = request.session.get("gx_mfa_backend")
            auth_login(request, user, backend=backend)
            for key in ("gx_mfa_user", "gx_mfa_backend", "gx_mfa_next"):
                request.session.pop(key, None)
            request.session["gx_mfa_ok"] = True
            login.record(LoginEventKind.SUCCESS, request, username=user.username, user=user, detail="totp")
            response = HttpResponseRedirect(
                target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/app/"
            )
            login.remember_device(request, response, user.username)
            return response
        else:
            login.record(LoginEventKind.MFA_FAILURE, request, username=user.username, user=user)
            error = _("That code is not valid, or it was already used. Enter the current code.")
    return render(request, "access/verify.html", {"error": error, "who": user})


@login_required
def two_factor(request: AuthedRequest) -> HttpResponse:
    """Set up (or replace) the authenticator: scan the QR code, confirm with a code, keep the
    recovery codes."""
    user: User = request.user
    codes = request.session.pop("gx_recovery_codes", None)
    if codes:
        return render(request, "access/two_factor_done.html", {"codes": codes})
    secret = request.session.get("gx_mfa_secret") or login.new_secret()
    request.session["gx_mfa_secret"] = secret
    error = ""
    if request.method == "POST":
        codes = login.enrol(user, secret, request.POST.get("code", ""))
        if codes is None:
            error = _("That code does not match. Check the time on your phone and try the newest code.")
        else:
            request.session.pop("gx_mfa_secret", None)
            request.session["gx_recovery_codes"] = codes
            request.session["gx_mfa_ok"] = True
            return redirect("access:two_factor")
    uri = login.provisioning_uri(user, secret)
    return render(
        request,
        "access/two_factor.html",
        {
            "qr": mark_safe(login.qr_svg(uri)),  # noqa: S308 - SVG made by segno from our own URI
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
            "enrolled": login.has_2fa(user),
            "required": login.requires_2fa(user),
        },
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the user, or in a cookie before sign-in."""
    lang = request.POST.get("language") or request.GET.get("language", "")
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/app/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/app/"
    response = HttpResponseRedirect(target)
    if lang in Language.values:
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).update(language=lang)
        translation.activate(lang)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600, samesite="Lax")
    return response


TOKEN_DAYS = (30, 90, 180, 365)


@login_required
def my_settings(request: AuthedRequest) -> HttpResponse:

    user: User = request.user
    new_token = request.session.pop("new_token", None)
    return render(
        request,
        "access/settings.html",
        {
            "tokens": user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"),
            "new_token": new_token,
            "types": list(registry.all_types()),
            "days": TOKEN_DAYS,
            "has_2fa": login.has_2fa(user),
        },
    )


@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:

    name = request.POST.get("name", "").strip()[:100] or _("API token")
    try:
        days = int(request.POST.get("days", "90"))
        rate = int(request.POST.get("rate_limit", "600"))
    except ValueError:
        days, rate = 90, 600
    scopes: dict[str, str] = {}
    default = request.POST.get("scope:*", "")
    if default in ("read", "write"):
        scopes["*"] = default
    for ot in registry.all_types():
        level = request.POST.get(f"scope:{ot.key}", "")  # "" means "as for all types"
        if level in ("read", "write", "none") and level != scopes.get("*", "none"):
            scopes[ot.key] = level
    try:
        _token, plain = create_token(
            user=request.user,
            name=name,
            actor=current_actor(),
            expires_at=timezone.now() + timedelta(days=days if days in TOKEN_DAYS else 90),
            scopes=scopes,
            rate_limit=rate,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect("access:settings")
    request.session["new_token"] = plain
    messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return redirect("access:settings")


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()
    if token is not None:
        revoke_token(token, actor=current_actor())
        messages.success(request, _("Token revoked."))
    return redirect("access:settings")
