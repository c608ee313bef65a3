from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    """What brings the sales apps (catalogue, pipeline, activities, billing, targets, expenses,
    territories) together: the sales dashboard and the demo. It has no models of its own any more:
    they moved to those apps (migration 0015), and each of them seeds its own reference data on
    migrate (`seeds.ensure_sales_reference()` seeds all of it at once); the /api/v1/sales/ endpoints
    are pipeline's and billing's (`pipeline.api`, `billing.api`)."""

    name = "guanxi.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from guanxi.customers import services as customer_services
        from guanxi.pipeline import forms as pipeline_forms
        from guanxi.pipeline import services as pipeline

        # Converting a lead can create its first opportunity too.
        customer_services.add_conversion_step(
            "opportunity",
            pipeline.opportunity_from_lead,
            fields=pipeline_forms.conversion_fields,
            initial=pipeline.conversion_initial,
        )
