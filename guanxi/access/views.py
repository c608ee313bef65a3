"""Sign-in, sign-out and the user's own settings (language, API tokens)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.core.actor import current_actor

from .choices import Language
from .models import User
from .services import create_token, revoke_token


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True


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


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    new_token = request.session.pop("new_token", None)
    return render(
        request,
        "access/settings.html",
        {"tokens": user.api_tokens.filter(revoked_at__isnull=True), "new_token": new_token},
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100] or _("API token")
    _token, plain = create_token(user=request.user, name=name, actor=current_actor())  # type: ignore[arg-type]
    request.session["new_token"] = plain
    messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return redirect("access:settings")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()  # type: ignore[union-attr]
    if token is not None:
        revoke_token(token, actor=current_actor())
        messages.success(request, _("Token revoked."))
    return redirect("access:settings")
