"""Helpers of the pages beside the generic ones: module pages (registry.Page) and who may open
them, the right to create what a page makes, the charts' toolbox."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can_any, can_create, fields
from guanxi.core import registry
from guanxi.core.errors import PermissionDenied


def require_create(request: AuthedRequest, *keys: str) -> None:
    """Refuse (403) an action that makes records of a type the user may not create."""
    for key in keys:
        if not can_create(request.user, key):
            raise PermissionDenied(
                _("You may not create {type}.").format(type=registry.get(key).label_plural),
            )


def chart_toolbox() -> dict[str, Any]:
    """Every chart can be downloaded as a picture (ECharts' own button)."""
    return {"feature": {"saveAsImage": {"title": _("Download"), "pixelRatio": 2}}}


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
            page = registry.page(url)
            if not may_open(request.user, page):
                subject = registry.get(next(iter(page.reads)))
                if not can_any(request.user, subject.key, Operation.VIEW):
                    raise PermissionDenied(
                        _("This page is made of {types}, none of which your role shows you.").format(
                            types=subject.label_plural
                        )
                    )
                raise PermissionDenied(_("Your role does not show the figures this page is made of."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
