"""How the sales dashboard joins the menu (the object types register in their own apps)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, add_nav
from guanxi.web.pages import may_read

# --- menu links ----------------------------------------------------------------------------------

add_nav(
    NavItem(
        "sales_dashboard",
        _("Sales dashboard"),
        "sales:dashboard",
        icon="📊",
        order=5,
        visible=may_read("opportunity"),
        active=("sales:dashboard", "targets:targets"),
    )
)
