"""How the territories page joins the menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, Page, add_nav, add_page

from .services import may_manage_territories

# --- menu links ----------------------------------------------------------------------------------

add_page(
    Page(
        "territories:territories",
        _("Territories"),
        reads={"lead": ("name", "owner", "region", "industry"), "account": ("name", "owner", "region", "industry")},
    )
)

add_nav(
    NavItem(
        "territories",
        _("Territories"),
        "territories:territories",
        icon="🗺",
        group="work",
        order=30,
        visible=may_manage_territories,
        active=("territories:territories",),
    )
)
