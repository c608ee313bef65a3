"""Pipeline endpoints beside the opportunity's generic ones, under /api/v1/sales/: a deal's product
lines, the weighted forecast of a quarter and the funnel's conversion and velocity.

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Optional

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError

from guanxi.access.scoping import fields, scope
from guanxi.api.generic import RowId, api_user, require_scope
from guanxi.catalogue.api import LineOut, LinesIn, lines_out, readable_lines, replace_lines
from guanxi.core import registry
from guanxi.core.dates import parse_quarter, quarter_bounds

from . import rollups
from .models import OpportunityLine, Pipeline
from .services import conversion, default_pipeline, forecast, set_lines


class StageForecast(Schema):
    stage: int
    count: int
    amount: Decimal
    weighted: Decimal


class OwnerForecast(Schema):
    owner: Optional[int]
    open: int
    weighted: Decimal
    won: Decimal
    forecast: Decimal


class WonOut(Schema):
    count: int
    amount: Decimal


class OpenOut(Schema):
    count: int
    amount: Decimal
    weighted: Decimal


class ForecastOut(Schema):
    start: datetime.date
    end: datetime.date
    currency: str
    won: WonOut
    open: OpenOut
    forecast: Decimal
    by_stage: list[StageForecast]
    by_owner: list[OwnerForecast]


class ConversionStage(Schema):
    stage: int
    name: str
    outcome: str
    reached: int = Field(description="deals that reached this stage or a later one")
    went_on: Optional[int] = Field(description="of those, the deals that went further")
    rate: Optional[Decimal] = Field(description="went on ÷ reached, %")
    days: Optional[Decimal] = Field(description="average days in the stage before moving on")


class ConversionOut(Schema):
    pipeline: int
    since: datetime.date
    currency: str
    stages: list[ConversionStage]
    won: int
    lost: int
    win_rate: Optional[Decimal] = Field(description="won ÷ closed, %")
    average_won: Optional[Decimal]
    cycle_days: Optional[Decimal] = Field(description="average days from creation to won")
    open: int
    velocity: Optional[Decimal] = Field(description="open deals × win rate × average won ÷ cycle days, per day")


def _amount_reader(request: HttpRequest) -> Any:
    """The user of a request for deal figures: a token that reads deals, a user who reads amounts."""
    require_scope(request, "opportunity", write=False)
    user = api_user(request)
    if not fields(user, "opportunity").can_read_all("amount", "amount_company"):
        raise HttpError(403, _("You may not read the amounts of this record."))
    return user


def build_router() -> Router:
    router = Router(tags=[_("Sales")])

    @router.get(
        "/opportunities/{record_id}/lines",
        response=list[LineOut],
        operation_id="get_opportunity_lines",
        summary=_("Product lines of a deal"),
    )
    def get_lines(request: HttpRequest, record_id: uuid.UUID) -> list[dict[str, Any]]:
        deal = readable_lines(request, "opportunity", record_id, "amount")
        return lines_out(OpportunityLine.objects.filter(opportunity=deal).select_related("product"))

    @router.put(
        "/opportunities/{record_id}/lines",
        response=dict,
        operation_id="set_opportunity_lines",
        summary=_("Replace a deal's product lines (send If-Match); its amount follows"),
    )
    def put_lines(request: HttpRequest, record_id: uuid.UUID, payload: LinesIn) -> dict[str, Any]:
        # The lines make the amount, which a field rule may keep a role from writing.
        return replace_lines(
            request,
            "opportunity",
            record_id,
            payload,
            lambda deal, lines, actor: set_lines(deal, lines, actor=actor),
            writes=("amount",),
        )

    @router.get(
        "/forecast",
        response=ForecastOut,
        operation_id="sales_forecast",
        summary=_("Weighted forecast of a quarter: won, open and weighted, per stage and per owner"),
    )
    def sales_forecast(
        request: HttpRequest,
        quarter: str = Query("", max_length=7, description="e.g. 2026Q4; empty: this quarter"),
        pipeline: Optional[RowId] = None,
    ) -> dict[str, Any]:
        user = _amount_reader(request)
        start, end = parse_quarter(quarter) if quarter else quarter_bounds(timezone.localdate())
        where = rollups.visible(user)
        if where is not None:  # what they see is owners' and departments': the running totals answer
            return rollups.forecast_totals(start, end, pipeline=pipeline, where=where)
        qs = scope(user, "opportunity")
        if pipeline is not None:
            qs = qs.filter(pipeline_id=pipeline)
        return forecast(qs, start, end)

    @router.get(
        "/conversion",
        response=ConversionOut,
        operation_id="sales_conversion",
        summary=_("Funnel conversion and velocity: deals reaching each stage, days in it, win rate and cycle"),
    )
    def sales_conversion(
        request: HttpRequest,
        pipeline: Optional[RowId] = None,
        months: int = Query(12, ge=1, le=120, description="deals created in the last so many months"),
    ) -> dict[str, Any]:
        user = _amount_reader(request)
        chosen = default_pipeline() if pipeline is None else Pipeline.objects.filter(pk=pipeline).first()
        if chosen is None:
            raise HttpError(404, _("No such pipeline."))
        since = timezone.localdate() - datetime.timedelta(days=round(months * 365.25 / 12))
        return conversion(scope(user, "opportunity"), chosen, since)

    return router


@registry.api_hook
def mount(api: NinjaAPI) -> None:
    # Mounted before billing's (the apps load in layer order), so /sales/opportunities/{id}/lines
    # is matched before billing's /sales/{collection}/{id}/lines.
    api.add_router("/v1/sales/", build_router())
