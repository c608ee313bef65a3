"""Template context for every page: the navigation, built from the object types and the links
each app declares (`registry.add_nav`), within the user's rights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from guanxi.access.choices import Operation
from guanxi.access.scoping import can_any
from guanxi.core import registry


@dataclass(frozen=True)
class Link:
    label: str | Promise
    href: str
    icon: str
    active: bool = False
    badge: int | None = None


def _current(request: HttpRequest) -> tuple[str, str, str]:
    """The current page's app, view name and object type key (for marking its link)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", "", ""
    return match.app_name or "", match.view_name or "", str(match.kwargs.get("key", ""))


def _links(request: HttpRequest, user: Any) -> list[tuple[str, list[Link]]]:
    """The navigation's groups in order, each a list of links; a group with none is left out."""
    app, view, current_key = _current(request)
    groups: dict[str, list[tuple[int, Link]]] = {g: [] for g in registry.NAV_GROUPS}
    for item in registry.nav_items():
        if item.visible is not None and not item.visible(user):
            continue
        try:
            href = item.url if item.url.startswith("/") else reverse(item.url)
        except NoReverseMatch:
            continue
        active = view in item.active or f"{app}:*" in item.active
        badge = item.badge(user) if item.badge is not None else None
        groups[item.group].append((item.order, Link(item.label, href, item.icon, active, badge)))
    for ot in registry.all_types():
        if ot.menu and can_any(user, ot.key, Operation.VIEW):
            link = Link(ot.label_plural, reverse("core:list", args=[ot.key]), ot.icon, ot.key == current_key)
            groups["main"].append((ot.order, link))
    return [(g, [link for _o, link in sorted(items, key=lambda x: x[0])]) for g, items in groups.items() if items]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_groups": _links(request, user), "unread_notifications": unread}
