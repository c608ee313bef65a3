from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "guanxi.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # Currencies and product units exist on every database once migrated, "sales" installed or not.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.catalogue.seed")
