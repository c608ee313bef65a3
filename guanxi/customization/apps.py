from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizationConfig(AppConfig):
    name = "guanxi.customization"
    label = "customization"
    verbose_name = _("Customization")

    def ready(self) -> None:
        from guanxi.core import registry

        from . import objects

        registry.add_loader(objects.sync)
