from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "guanxi.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from guanxi.customers import selectors as customer_selectors

        from . import services
        from .seeds import on_migrate

        # Payment methods, contract types and the quote and order discount approvals exist once
        # migrated.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.billing.seed")
        # The account's 360° view shows its orders, deals and receivables.
        customer_selectors.add_360_section("sales", services.account_sales)
