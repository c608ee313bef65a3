from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "guanxi.access"
    label = "access"
    verbose_name = _("Access control")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import signals

        user_logged_in.connect(signals.on_login, dispatch_uid="guanxi.access.login")
        user_logged_out.connect(signals.on_logout, dispatch_uid="guanxi.access.logout")
