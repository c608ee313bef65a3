"""Billing endpoints beside each type's generic ones, under /api/v1/sales/: the product lines of
quotes and orders; a quote or an order created with its lines in one call; the quote's approval,
versions, order and PDF (its record actions do the same at …/actions/<name>); overdue receivables
by age.

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import create_model

from guanxi.access.choices import Operation
from guanxi.access.scoping import can_create, scope
from guanxi.api.generic import (
    _actor,
    _check_writable,
    _get,
    _payload_dict,
    api_user,
    require_scope,
    serialize,
    type_schemas,
)
from guanxi.catalogue.api import LineIn, LineOut, LinesIn, lines_out, readable_lines, replace_lines
from guanxi.core import registry
from guanxi.core.actor import acting_as

from . import services as documents
from .models import Quote
from .pdf import printable_for, quote_pdf

DOCUMENTS = ("quote", "order")
_DOCUMENT_KEYS = {"quotes": "quote", "orders": "order"}


class CommentIn(Schema):
    comment: str = Field("", max_length=2000)


class ApprovalOut(Schema):
    approval_id: int
    status: str


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


def build_router() -> Router:
    router = Router(tags=[_("Sales")])
    collections = Literal["quotes", "orders"]

    @router.get(
        "/{collection}/{record_id}/lines",
        response=list[LineOut],
        operation_id="get_sales_lines",
        summary=_("Product lines of a quote or an order"),
    )
    def get_lines(request: HttpRequest, collection: collections, record_id: uuid.UUID) -> list[dict[str, Any]]:
        doc = readable_lines(request, _DOCUMENT_KEYS[collection], record_id, "total")
        return lines_out(documents.lines_of(doc))

    @router.put(
        "/{collection}/{record_id}/lines",
        response=dict,
        operation_id="set_sales_lines",
        summary=_("Replace the product lines (send If-Match); the totals follow"),
    )
    def put_lines(
        request: HttpRequest, collection: collections, record_id: uuid.UUID, payload: LinesIn
    ) -> dict[str, Any]:
        return replace_lines(
            request,
            _DOCUMENT_KEYS[collection],
            record_id,
            payload,
            lambda doc, lines, actor: documents.set_document_lines(doc, lines, actor=actor),
        )

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
