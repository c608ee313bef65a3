from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Installed for its template tags (`{% load guanxi %}`); it has no models."""

    name = "guanxi.web"
    label = "web"
    verbose_name = _("Pages")
