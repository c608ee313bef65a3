"""Helpers of the pages that act on one record beside the generic ones (an opportunity's lines, an
invoice's payment …): the rights checks they share and the round trip back to the record."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can_any, can_create, fields
from guanxi.core import registry
from guanxi.core.errors import PermissionDenied

from .views import get_record


def require_create(request: AuthedRequest, *keys: str) -> None:
    """Refuse (403) an action that makes records of a type the user may not create."""
    for key in keys:
        if not can_create(request.user, key):
            raise PermissionDenied(
                _("You may not create {type}.").format(type=registry.get(key).label_plural),
            )


def on_record(
    request: AuthedRequest,
    key: str,
    pk: str,
    change: Callable[[Any], Any],
    form: forms.Form | None = None,
    *,
    op: str = Operation.EDIT,
    creates: tuple[str, ...] = (),
    success: str = "",
) -> HttpResponse:
    """Apply `change` to a record the user may edit (or `op`) and go back to its page; the form's
    and the service's refusals are shown as messages. `creates` names the types of record the
    change makes, which the user must be allowed to create."""
    obj = get_record(request, registry.get(key), pk, op)
    require_create(request, *creates)
    if form is not None and not form.is_valid():
        for problems in form.errors.as_data().values():
            for problem in problems:
                messages.error(request, " ".join(problem.messages))
    else:
        try:
            change(obj)
            if success:
                messages.success(request, success)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("core:detail", key, obj.pk)


def require_readable(user: Any, key: str, *names: str) -> None:
    """Refuse (403) a page made of figures drawn from fields the user's role hides."""
    if not fields(user, key).can_read_all(*names):
        raise PermissionDenied(_("Your role does not show the figures this page is made of."))


def chart_toolbox() -> dict[str, Any]:
    """Every chart can be downloaded as a picture (ECharts' own button)."""
    return {"feature": {"saveAsImage": {"title": _("Download"), "pixelRatio": 2}}}


def may_read(key: str, *figures: str) -> Callable[[Any], bool]:
    """A menu link's `visible`: whoever may see some records of `key` and read every field the page
    sums."""

    def visible(user: Any) -> bool:
        return can_any(user, key, Operation.VIEW) and fields(user, key).can_read_all(*figures)

    return visible


def page_visible(url: str) -> Callable[[Any], bool]:
    """A module page's menu link `visible`: whoever may see some records of the page's subject (the
    first type it reads) and every field it is made of (registry.Page.needs)."""

    def visible(user: Any) -> bool:
        return may_open(user, registry.page(url))

    return visible


def may_open(user: Any, page: registry.Page) -> bool:
    if not can_any(user, next(iter(page.reads)), Operation.VIEW):
        return False
    return all(fields(user, key).can_read_all(*names) for key, names in page.needs.items())


def module_page(url: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The view of a registered module page (registry.Page): signed in, and refused (403) to a
    user whose role hides a field the page is made of or who sees no record of its subject."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        @login_required
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_open(request.user, registry.page(url)):
                raise PermissionDenied(_("Your role does not show the figures this page is made of."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
