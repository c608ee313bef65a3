"""Sales endpoints beside each type's generic ones: the product lines of quotes, orders and deals;
a quote or an order created with its lines in one call; the quote's approval, versions, order and
PDF; overdue receivables by age.

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal, Optional

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import create_model

from guanxi.access.choices import Operation
from guanxi.access.scoping import can_create, fields, scope
from guanxi.api.generic import (
    RowId,
    _actor,
    _check_writable,
    _get,
    _parse_if_match,
    _payload_dict,
    api_user,
    require_scope,
    serialize,
    type_schemas,
)
from guanxi.billing import services as documents
from guanxi.billing.models import Quote
from guanxi.billing.pdf import printable_for, quote_pdf
from guanxi.core import registry
from guanxi.core.actor import acting_as
from guanxi.core.dates import parse_quarter, quarter_bounds
from guanxi.core.errors import StaleVersion
from guanxi.pipeline import rollups
from guanxi.pipeline.models import Opportunity, OpportunityLine, Pipeline
from guanxi.pipeline.services import conversion, default_pipeline, forecast, set_lines

DOCUMENTS = ("quote", "order")


class LineIn(Schema):
    product: uuid.UUID
    quantity: Decimal = Field(Decimal(1), gt=0, max_digits=12, decimal_places=2)
    unit_price: Optional[Decimal] = Field(
        None, ge=0, max_digits=16, decimal_places=2, description="empty: the customer's price"
    )
    discount: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=5, decimal_places=2, description="%")
    tax_rate: Optional[Decimal] = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2, description="%; empty: the standard rate"
    )
    description: str = Field("", max_length=255)


class LinesIn(Schema):
    lines: list[LineIn] = Field(..., max_length=200)


class LineOut(Schema):
    product: uuid.UUID
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    tax_rate: Optional[Decimal]
    description: str
    total: Decimal


class CommentIn(Schema):
    comment: str = Field("", max_length=2000)


class ApprovalOut(Schema):
    approval_id: int
    status: str


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


class AgeingRow(Schema):
    account: uuid.UUID
    account_name: str
    current: Decimal
    d1: Decimal = Field(description="1–30 days overdue")
    d31: Decimal = Field(description="31–60 days overdue")
    d61: Decimal = Field(description="61–90 days overdue")
    d91: Decimal = Field(description="over 90 days overdue")
    overdue: Decimal


class AgeingOut(Schema):
    on: datetime.date
    currency: str
    totals: dict[str, Decimal]
    customers: list[AgeingRow]


def _lines_out(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, Opportunity):
        rows = OpportunityLine.objects.filter(opportunity=obj).select_related("product")
    else:
        rows = documents.lines_of(obj)
    return [
        {
            "product": line.product_id,
            "product_code": line.product.code,
            "product_name": str(line.product),
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
            "tax_rate": getattr(line, "tax_rate", None),
            "description": getattr(line, "description", ""),
            "total": line.total,
        }
        for line in rows
    ]


def _readable_lines(request: HttpRequest, key: str, field: str) -> None:
    if not fields(api_user(request), key).can_read(field):
        raise HttpError(403, _("You may not read the amounts of this record."))


_LINE_KEYS = {"quotes": "quote", "orders": "order", "opportunities": "opportunity"}


def build_router() -> Router:
    router = Router(tags=[_("Sales")])
    line_collections = Literal["quotes", "orders", "opportunities"]

    @router.get(
        "/{collection}/{record_id}/lines",
        response=list[LineOut],
        operation_id="get_sales_lines",
        summary=_("Product lines of a quote, an order or a deal"),
    )
    def get_lines(request: HttpRequest, collection: line_collections, record_id: uuid.UUID) -> list[dict[str, Any]]:
        key = _LINE_KEYS[collection]
        require_scope(request, key, write=False)
        obj = _get(registry.get(key), api_user(request), record_id)
        _readable_lines(request, key, "amount" if key == "opportunity" else "total")
        return _lines_out(obj)

    @router.put(
        "/{collection}/{record_id}/lines",
        response=dict,
        operation_id="set_sales_lines",
        summary=_("Replace the product lines (send If-Match); the totals follow"),
    )
    def put_lines(
        request: HttpRequest,
        collection: line_collections,
        record_id: uuid.UUID,
        payload: LinesIn,
    ) -> dict[str, Any]:
        key = _LINE_KEYS[collection]
        require_scope(request, key, write=True)
        ot = registry.get(key)
        expected = _parse_if_match(request)
        user = api_user(request)
        obj = _get(ot, user, record_id, Operation.EDIT)
        if key == "opportunity":  # a document's totals are the lines'; a deal's amount may be a field rule's
            _check_writable(ot, user, {"amount": None})
        if getattr(obj, "version", 1) != expected:
            raise StaleVersion(obj.version, {})  # type: ignore[attr-defined]
        lines = [line.model_dump() for line in payload.lines]
        with acting_as(_actor(request)):
            if isinstance(obj, Opportunity):
                set_lines(obj, lines, actor=_actor(request))
            else:
                documents.set_document_lines(obj, lines, actor=_actor(request))  # type: ignore[arg-type]
        return serialize(ot, _get(ot, user, record_id), user)

    for key in DOCUMENTS:
        _document_create(router, key)

    @router.post(
        "/quotes/{record_id}/submit",
        response={201: ApprovalOut},
        operation_id="submit_quote",
        summary=_("Submit a quote whose discount needs approval"),
    )
    def submit(request: HttpRequest, record_id: uuid.UUID, payload: CommentIn) -> Status:
        require_scope(request, "quote", write=True)
        quote = _get(registry.get("quote"), api_user(request), record_id, Operation.EDIT)
        with acting_as(_actor(request)):
            req = documents.submit_quote(quote, actor=_actor(request), comment=payload.comment)  # type: ignore[arg-type]
        return Status(201, {"approval_id": req.pk, "status": req.status})

    @router.post(
        "/quotes/{record_id}/versions",
        response={201: dict},
        operation_id="new_quote_version",
        summary=_("Make a new version of a quote (the old one is superseded)"),
    )
    def version(request: HttpRequest, record_id: uuid.UUID) -> Status:
        if not can_create(api_user(request), "quote"):
            raise HttpError(403, _("You may not create this kind of record."))
        return _make(request, "quote", record_id, lambda q: documents.new_version(q, actor=_actor(request)))

    @router.post(
        "/quotes/{record_id}/order",
        response={201: dict},
        operation_id="order_from_quote",
        summary=_("Accept a quote and make its order with its lines"),
    )
    def order(request: HttpRequest, record_id: uuid.UUID) -> Status:
        if not can_create(api_user(request), "order"):
            raise HttpError(403, _("You may not create this kind of record."))
        require_scope(request, "order", write=True)
        return _make(request, "quote", record_id, lambda q: documents.order_from_quote(q, actor=_actor(request)))

    @router.get(
        "/quotes/{record_id}/pdf",
        operation_id="quote_pdf",
        summary=_("The printable quote (PDF, in the quote's language)"),
        response={200: None},
        openapi_extra={"responses": {200: {"content": {"application/pdf": {}}, "description": "PDF"}}},
    )
    def pdf(request: HttpRequest, record_id: uuid.UUID) -> HttpResponse:
        require_scope(request, "quote", write=False)
        quote = _get(registry.get("quote"), api_user(request), record_id)
        assert isinstance(quote, Quote)
        printable_for(api_user(request), quote)
        response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{quote.number}-v{quote.revision}.pdf"'
        return response

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

    @router.get(
        "/receivables",
        response=AgeingOut,
        operation_id="receivables_ageing",
        summary=_("Unpaid invoice balances by age, in all and per customer"),
    )
    def receivables(request: HttpRequest) -> dict[str, Any]:
        require_scope(request, "invoice", write=False)
        user = api_user(request)
        if not documents.reads_balances(user):
            raise HttpError(403, _("You may not read the balances of invoices."))
        ageing = documents.receivables_ageing(scope(user, "invoice"))
        return {
            "on": ageing["today"],
            "currency": documents.company_currency(),
            "totals": ageing["totals"],
            "customers": [
                {"account": r["account_id"], "account_name": r["account__name"], **r} for r in ageing["rows"]
            ],
        }

    return router


def _amount_reader(request: HttpRequest) -> Any:
    """The user of a request for deal figures: a token that reads deals, a user who reads amounts."""
    require_scope(request, "opportunity", write=False)
    user = api_user(request)
    if not fields(user, "opportunity").can_read_all("amount", "amount_company"):
        raise HttpError(403, _("You may not read the amounts of this record."))
    return user


def _make(request: HttpRequest, key: str, record_id: uuid.UUID, action: Any) -> Status:
    require_scope(request, key, write=True)
    user = api_user(request)
    obj = _get(registry.get(key), user, record_id, Operation.EDIT)
    with acting_as(_actor(request)):
        made = action(obj)
    made_ot = registry.for_model(made)
    return Status(201, serialize(made_ot, _get(made_ot, user, made.pk), user))


def _document_create(router: Router, key: str) -> None:
    """POST /sales/<plural>/with-lines: the record and its lines in one write."""
    ot = registry.get(key)
    record_schema = type_schemas(ot).create
    body = create_model(
        f"{ot.model.__name__}WithLines",
        __base__=Schema,
        record=(record_schema, ...),
        lines=(list[LineIn], Field(..., max_length=200)),
    )

    def create(request: HttpRequest, payload: body) -> Status:  # type: ignore[valid-type]
        require_scope(request, key, write=True)
        user = api_user(request)
        if not can_create(user, key):
            raise HttpError(403, _("You may not create this kind of record."))
        data = _payload_dict(payload.record, partial=False)  # type: ignore[attr-defined]
        _check_writable(ot, user, data)
        lines = [line.model_dump() for line in payload.lines]  # type: ignore[attr-defined]
        with acting_as(_actor(request)):
            obj = documents.create_with_lines(key, data, lines, actor=_actor(request))
        return Status(201, serialize(ot, _get(ot, user, obj.pk), user))

    router.add_api_operation(
        f"/{ot.api_name}/with-lines",
        ["POST"],
        create,
        response={201: dict},
        operation_id=f"create_{key}_with_lines",
        summary=_("Create a {type} with its product lines").format(type=ot.model._meta.verbose_name),
    )


@registry.api_hook
def mount(api: NinjaAPI) -> None:
    api.add_router("/v1/sales/", build_router())
