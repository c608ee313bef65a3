"""All the sales apps' reference data in one call, for what sets up a whole sales installation at
once (the demo, the benchmarks, the test suite's `seeded` fixture). Each part belongs to the app
whose data it is and is seeded by that app's own post_migrate handler: currencies and product units
(`catalogue.seeds`), the default pipeline, deal roles and lost reasons (`pipeline.seeds`), activity
types (`activities.seeds`), payment methods, contract types and the quote and order discount
approvals (`billing.seeds`), expense categories and the travel and expense approvals
(`expenses.seeds`). All of it is editable afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from guanxi.activities import seeds as activities_seeds
from guanxi.billing import seeds as billing_seeds
from guanxi.catalogue import seeds as catalogue_seeds
from guanxi.expenses import seeds as expenses_seeds
from guanxi.pipeline import seeds as pipeline_seeds

if TYPE_CHECKING:
    from guanxi.pipeline.models import Pipeline


@transaction.atomic
def ensure_sales_reference() -> Pipeline:
    """Create what is missing in every sales app, in the order of their layers; never overwrite what
    an administrator changed. Returns the default pipeline."""
    catalogue_seeds.ensure_catalogue_reference()
    pipeline = pipeline_seeds.ensure_pipeline_reference()
    activities_seeds.ensure_activities_reference()
    billing_seeds.ensure_billing_reference()
    expenses_seeds.ensure_expenses_reference()
    return pipeline
