from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "guanxi.automation"
    label = "automation"
    verbose_name = _("Automation")

    def ready(self) -> None:
        from guanxi.core import guards, registry

        from . import approvals, views

        guards.add_write_guard(approvals.guard)
        registry.add_detail_panel(views.approval_panel)
