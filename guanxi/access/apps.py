from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "guanxi.access"
    label = "access"
    verbose_name = _("Access control")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # The seed roles exist on every database once migrated (a production install included).
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.access.seed")
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import signals
        from .models import Department, FieldRule, Role, RolePermission, SharingRule, User

        user_logged_in.connect(signals.on_login, dispatch_uid="guanxi.access.login")
        user_logged_out.connect(signals.on_logout, dispatch_uid="guanxi.access.logout")
        for model in (Role, RolePermission, FieldRule, SharingRule, Department):
            post_save.connect(
                signals.access_rules_changed, sender=model, dispatch_uid=f"gx.rules.save.{model.__name__}"
            )
            post_delete.connect(
                signals.access_rules_changed, sender=model, dispatch_uid=f"gx.rules.del.{model.__name__}"
            )
        m2m_changed.connect(signals.access_rules_changed, sender=User.roles.through, dispatch_uid="gx.rules.roles")
