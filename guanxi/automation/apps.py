from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "guanxi.automation"
    label = "automation"
    verbose_name = _("Automation")

    def ready(self) -> None:
        from guanxi.core import guards

        from . import approvals

        guards.add_write_guard(approvals.guard)
