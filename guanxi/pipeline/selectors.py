"""What other apps read from the pipeline: deals by id and the accounts they belong to, and the deals
won in a period (for targets)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q

from .choices import Outcome
from .models import Opportunity, OpportunityLine


def opportunities() -> models.QuerySet[Opportunity]:
    """The deals outside the recycle bin (no scope: callers that show them to a user scope them)."""
    return Opportunity.objects.all()


def account_ids_of_deals(ids: list[Any]) -> set[Any]:
    return set(opportunities().filter(pk__in=ids).values_list("account_id", flat=True))


def won_between(who: Q, start: datetime.date, end: datetime.date) -> models.QuerySet[Opportunity]:
    return opportunities().filter(who, outcome=Outcome.WON, closed_on__range=(start, end))


def open_stages(pipeline: Any) -> list[Any]:
    """The pipeline's stages that are neither won nor lost, in their order."""
    return list(pipeline.stages.filter(outcome=Outcome.OPEN).order_by("sort"))


def deal_lines(deal: Any) -> list[dict[str, Any]]:
    """A deal's product lines as a quote takes them (product, quantity, unit price, discount)."""
    return [
        {
            "product": line.product_id,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
        }
        for line in OpportunityLine.objects.filter(opportunity=deal).order_by("pk")
    ]


def is_open(deal: Any) -> bool:
    return bool(deal.outcome == Outcome.OPEN)
