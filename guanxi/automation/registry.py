"""What automation adds to every record page and to the navigation: the approval panel, the
approvals inbox with the number of requests waiting, and the administrators' approval processes."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.access.scoping import is_administrator
from guanxi.core.registry import NavItem, Panel, add_nav, add_panel

from . import views
from .approvals import inbox

add_panel(Panel(views.approval_panel, order=10))


def _waiting(user: Any) -> int:
    return inbox(user).count()


add_nav(
    NavItem(
        "approvals",
        _("Approvals"),
        "automation:inbox",
        icon="✓",
        group="work",
        order=10,
        badge=_waiting,
        active=("automation:inbox", "automation:request"),
    )
)
add_nav(
    NavItem(
        "approval_processes",
        _("Approval processes"),
        "automation:processes",
        icon="⇶",
        group="admin",
        order=60,
        visible=is_administrator,
        active=("automation:processes", "automation:process_new", "automation:process_edit"),
    )
)
