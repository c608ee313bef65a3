"""The platform's own links in the navigation: home, the recycle bin and the API."""

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, add_nav

add_nav(NavItem("home", _("Home"), "core:home", icon="⌂", order=0, active=("core:home",)))
add_nav(NavItem("trash", _("Recycle bin"), "core:trash", icon="🗑", group="work", order=90, active=("core:trash",)))
add_nav(NavItem("api", _("API"), "/api/docs", icon="⇄", group="help"))
