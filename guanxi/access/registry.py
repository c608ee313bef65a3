"""The security administration's link in the navigation."""

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import NavItem, add_nav

from .scoping import is_administrator

add_nav(
    NavItem(
        "security",
        _("Security"),
        "access:admin_home",
        icon="🔐",
        group="admin",
        order=50,
        visible=is_administrator,
        active=("access:admin_home", "access:role_edit", "access:status_locks", "access:sharing_rules"),
    )
)
