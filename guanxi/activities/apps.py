from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "guanxi.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # Activity types exist once migrated.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.activities.seed")
