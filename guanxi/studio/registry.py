"""Custom objects, custom fields and picklists in the administrators' navigation."""

from django.utils.translation import gettext_lazy as _

from guanxi.access.scoping import is_administrator
from guanxi.core.registry import NavItem, add_nav

for key, label, url, icon, order in (
    ("custom_objects", _("Custom objects"), "customization:objects", "◆", 10),
    ("custom_fields", _("Custom fields"), "customization:fields", "⚙", 20),
    ("picklists", _("Picklists"), "customization:picklists", "☰", 30),
):
    add_nav(NavItem(key, label, url, icon=icon, group="admin", order=order, visible=is_administrator, active=(url,)))
