from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizationConfig(AppConfig):
    """What an administrator defines at run time, as data: custom fields and their values,
    picklists, custom object definitions and their proxy classes. The pages that edit them and the
    loader that registers custom objects are the studio's (guanxi.studio)."""

    name = "guanxi.customization"
    label = "customization"
    verbose_name = _("Customization")
