from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "guanxi.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import conflicts
        from .seeds import on_migrate

        # The default pipeline and its stages, deal roles and lost reasons exist once migrated.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.pipeline.seed")
        # A new account that looks like another's customer opens an ownership conflict.
        conflicts.subscribe_handlers()
