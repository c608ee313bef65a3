from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "guanxi.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from . import conflicts

        # A new account that looks like another's customer opens an ownership conflict.
        conflicts.subscribe_handlers()
