from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    """What brings the sales apps (catalogue, pipeline, activities, billing, targets, expenses,
    territories) together: the sales dashboard, the /api/v1/sales/ endpoints, the reference data
    seeded on migrate and the demo. It has no models of its own any more: they moved to those apps
    (migration 0015)."""

    name = "guanxi.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from guanxi.customers import services as customer_services
        from guanxi.pipeline import forms as pipeline_forms
        from guanxi.pipeline import services as pipeline

        from .seeds import on_migrate

        # Currencies, the default pipeline, picklists and approval processes exist once migrated.
        post_migrate.connect(on_migrate, sender=self, dispatch_uid="guanxi.sales.seed")
        # Converting a lead can create its first opportunity too.
        customer_services.add_conversion_step(
            "opportunity", pipeline.opportunity_from_lead, fields=pipeline_forms.conversion_fields
        )
