from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "guanxi.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from guanxi.customers import selectors as customer_selectors

        from . import services

        # The account's 360° view shows its orders, deals and receivables.
        customer_selectors.add_360_section("sales", services.account_sales)
