"""How the territories page joins the menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, add_nav

from .services import may_manage_territories

# --- menu links ----------------------------------------------------------------------------------

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
