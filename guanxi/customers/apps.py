from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "guanxi.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # Picklists and regions exist on every database once migrated (a production install included).
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.customers.seed")
