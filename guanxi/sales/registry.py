"""How the sales dashboard registers as a module page and joins the menu (the object types register
in their own apps)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, Page, add_nav, add_page
from guanxi.web.pages import page_visible

# --- module pages and menu links ----------------------------------------------------------------------------------

add_page(
    Page(
        "sales:dashboard",
        _("Sales dashboard"),
        reads={
            "opportunity": ("name", "account", "owner", "stage", "amount", "probability", "expected_close"),
            "target": ("value", "metric", "period", "starts_on"),
            "invoice": ("balance", "due_on"),
            "activity": ("subject", "starts_at", "status"),
        },
        api=("/api/v1/sales/forecast",),
    )
)

add_nav(
    NavItem(
        "sales_dashboard",
        _("Sales dashboard"),
        "sales:dashboard",
        icon="📊",
        order=5,
        visible=page_visible("sales:dashboard"),
        active=("sales:dashboard", "targets:targets"),
    )
)
