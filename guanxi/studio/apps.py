from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    """The administrator's studio: pages and services that define custom fields, picklists and
    custom objects, and the loader that turns each custom object into a registered object type."""

    name = "guanxi.studio"
    label = "studio"
    verbose_name = _("Studio")

    def ready(self) -> None:
        from guanxi.core import registry

        from . import objects

        registry.add_loader(objects.sync)
