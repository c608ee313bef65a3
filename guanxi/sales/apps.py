from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "guanxi.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .seeds import on_migrate

        # Currencies, the default pipeline, picklists and approval processes exist once migrated.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.sales.seed")
        from guanxi.customers import services as customer_services

        from . import conflicts, documents, forms, services

        conflicts.subscribe_handlers()
        # Territory rules give new leads and accounts their owner; sales records made for a
        # customer by a manager or an import go to the representative who has the customer.
        from guanxi.records.services import add_owner_resolver

        from . import territories

        add_owner_resolver(territories.owner_by_rules)
        add_owner_resolver(territories.owner_from_source)
        # Converting a lead can create its first opportunity too.
        customer_services.add_conversion_step(
            "opportunity", services.opportunity_from_lead, fields=forms.conversion_fields
        )
        # The account's 360° view shows its orders, deals and receivables.
        from guanxi.customers import selectors as customer_selectors

        customer_selectors.add_360_section("sales", documents.account_sales)
