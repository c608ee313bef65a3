"""Quotes, orders, contracts, invoices and payments (报价 → 订单 → 合同 → 发票 → 收款): numbering,
product lines and their totals, the quote's way through discount approval and its versions, orders
from quotes, renewal reminders, invoices settled by payments, overdue receivables and the contract
ledger. One place for the rules, whichever page, API call, import or workflow asks."""

from __future__ import annotations

import contextvars
import copy
import datetime
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanxi.access.scoping import Sight, fields, scope
from guanxi.automation import approvals
from guanxi.catalogue import selectors as catalogue_selectors
from guanxi.catalogue.services import CurrencyDefaultMixin, company_currency, prices_for, to_company
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.models import Notification
from guanxi.core.money import CENT, cents, money_sum
from guanxi.pipeline import selectors as pipeline_selectors
from guanxi.pipeline import services as pipeline_services
from guanxi.pipeline.choices import Outcome
from guanxi.records.services import RecordService, owner_inherited, visible_record

from .choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus
from .models import (
    Contract,
    DocumentCounter,
    Invoice,
    LineItem,
    OrderLine,
    Payment,
    Quote,
    QuoteLine,
    SalesDocument,
    SalesOrder,
)

ZERO = Decimal(0)

# Status moves only the services make (approval, a new version), never a person directly.
_internal: contextvars.ContextVar[bool] = contextvars.ContextVar("guanxi_sales_internal", default=False)

logger = logging.getLogger(__name__)


@contextmanager
def internal() -> Iterator[None]:
    token = _internal.set(True)
    try:
        yield
    finally:
        _internal.reset(token)


def _is_internal(actor: Actor) -> bool:
    """A move made by a service, an approval or the system rather than by a person."""
    return _internal.get() or actor.user is None or actor.source == Source.APPROVAL


def next_number(prefix: str, day: datetime.date) -> str:
    """The next number of this kind in the year: QT-2026-000042. Counted under a row lock, so two
    people saving at once never get the same number."""
    with transaction.atomic():
        DocumentCounter.objects.get_or_create(prefix=prefix, year=day.year)
        counter = DocumentCounter.objects.select_for_update().get(prefix=prefix, year=day.year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{prefix}-{day.year}-{counter.last:06d}"


def _stored(obj: models.Model) -> Any:
    """The record as it was stored before this write (None while creating)."""
    return getattr(obj, "_stored", None)


# --- product lines ---------------------------------------------------------------------------------


def _decimal(value: Any, default: Decimal | None = None) -> Decimal | None:
    if value in (None, ""):
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def price_lines(
    doc: SalesDocument, lines: list[dict[str, Any]], line_model: type[LineItem]
) -> tuple[list[LineItem], dict[str, Decimal]]:
    """Check and price the lines of a document (unsaved), with the document's totals. Each line:
    product, quantity, unit_price (default: the customer's price), discount %, tax_rate % (default:
    GUANXI_TAX_RATE), description. Errors name the line: `lines.2.quantity`."""
    errors: dict[str, list[str]] = {}
    if not isinstance(lines, list):
        raise ValidationError({"lines": [_("Give the lines as a list.")]})
    ids = set()
    for line in lines:
        try:
            ids.add(uuid.UUID(str(getattr(line.get("product"), "pk", line.get("product")))))
        except (AttributeError, ValueError):
            continue  # named below as "no such product"
    products = {str(p.pk): p for p in catalogue_selectors.products().filter(pk__in=ids)}
    # The customer's price of every product on the document: a line's default price, and what its
    # discount is judged against (a unit price of 1.00 on a product listed at 128,000 is a discount).
    live = [p for p in products.values() if p.deleted_at is None]
    prices = prices_for(live, currency=doc.currency_id, level=doc.account.level) if live else {}
    default_tax = Decimal(str(settings.GUANXI_TAX_RATE))
    rows: list[LineItem] = []
    totals = {"subtotal": ZERO, "discount_amount": ZERO, "tax_amount": ZERO, "total": ZERO, "max_discount": ZERO}
    for i, line in enumerate(lines):
        if not isinstance(line, dict):
            errors[f"lines.{i}"] = [_("Give each line as an object.")]
            continue
        product = products.get(str(getattr(line.get("product"), "pk", line.get("product"))))
        if product is None or product.deleted_at is not None:
            errors[f"lines.{i}.product"] = [_("No such product.")]
            continue
        values = {
            "quantity": _decimal(line.get("quantity"), Decimal(1)),
            "unit_price": _decimal(line.get("unit_price")),
            "discount": _decimal(line.get("discount"), ZERO),
            "tax_rate": _decimal(line.get("tax_rate"), default_tax),
        }
        bad = [name for name, value in values.items() if value is None and line.get(name) not in (None, "")]
        for name in bad:
            errors[f"lines.{i}.{name}"] = [_("Enter a number.")]
        if bad:
            continue
        if values["unit_price"] is None:
            values["unit_price"] = prices[product.pk]
        row = line_model(
            product=product,
            description=str(line.get("description") or "")[:255],
            unit_cost=product.cost if product.currency_id == doc.currency_id else None,
            sort=i,
            **values,
        )
        try:
            row.full_clean(exclude=["product", "quote", "order"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"lines.{i}.{name}"] = messages
            continue
        gross = (row.quantity * row.unit_price).quantize(CENT, ROUND_HALF_UP)
        row.net = (gross * (100 - row.discount) / 100).quantize(CENT, ROUND_HALF_UP)
        row.tax = (row.net * row.tax_rate / 100).quantize(CENT, ROUND_HALF_UP)
        row.total = row.net + row.tax
        totals["subtotal"] += gross
        totals["discount_amount"] += gross - row.net
        totals["tax_amount"] += row.tax
        totals["total"] += row.total
        totals["max_discount"] = max(totals["max_discount"], effective_discount(row, prices[product.pk]))
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows, totals


def effective_discount(line: LineItem, customer_price: Decimal) -> Decimal:
    """How far below the customer's price a line sells, in % (0 when at or above it): the line's
    own discount and a unit price under the customer's price both count."""
    if customer_price <= 0:
        return ZERO
    net_unit = line.unit_price * (100 - line.discount) / 100
    off = (1 - net_unit / customer_price) * 100
    return min(max(off, ZERO), Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def lines_of(doc: SalesDocument) -> models.QuerySet[Any]:
    if isinstance(doc, Quote):
        return QuoteLine.objects.filter(quote=doc).select_related("product")
    return OrderLine.objects.filter(order_id=doc.pk).select_related("product")


def line_data(doc: SalesDocument) -> list[dict[str, Any]]:
    """The document's lines as `set_document_lines` takes them (to add, remove or copy one)."""
    return [
        {
            "product": line.product_id,
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
            "tax_rate": line.tax_rate,
        }
        for line in lines_of(doc)
    ]


def _line_model(doc: SalesDocument | type[SalesDocument]) -> tuple[type[LineItem], str]:
    is_quote = doc is Quote or isinstance(doc, Quote)
    return (QuoteLine, "quote") if is_quote else (OrderLine, "order")


@transaction.atomic
def set_document_lines(doc: SalesDocument, lines: list[dict[str, Any]], *, actor: Actor) -> SalesDocument:
    """Replace a quote's or an order's lines; its totals follow. Refused where an edit of the
    document would be (its status, a pending approval), and once it is past the editable stages."""
    ot = registry.for_model(doc)
    ot.service.check_writable(doc, actor=actor)
    doc = type(doc).all_objects.select_for_update().get(pk=doc.pk)
    if isinstance(doc, Quote) and doc.status != QuoteStatus.DRAFT:
        raise ValidationError({"lines": [_("Only a draft quote's lines can change; make a new version of this one.")]})
    if isinstance(doc, SalesOrder) and doc.status not in (OrderStatus.DRAFT, OrderStatus.CONFIRMED):
        raise ValidationError({"lines": [_("The lines of a shipped, delivered or cancelled order cannot change.")]})
    line_model, fk = _line_model(doc)
    rows, totals = price_lines(doc, lines, line_model)
    line_model.objects.filter(**{fk: doc}).delete()  # type: ignore[attr-defined]
    for row in rows:
        setattr(row, fk, doc)
    line_model.objects.bulk_create(rows)  # type: ignore[attr-defined]
    if isinstance(doc, SalesOrder) and doc.status == OrderStatus.CONFIRMED:
        probe = copy.copy(doc)
        probe.max_discount = totals["max_discount"]
        if order_discount_process(probe) is not None:
            # A larger discount than was approved, on a confirmed order: back to draft, to be
            # approved like any order entered at that discount (the same rule as a quote's).
            with internal():
                return ot.service.update(doc, {**totals, "status": OrderStatus.DRAFT}, actor=actor)
    return ot.service.update(doc, totals, actor=actor)


@transaction.atomic
def create_with_lines(key: str, data: dict[str, Any], lines: list[dict[str, Any]], *, actor: Actor) -> SalesDocument:
    """Create a quote or an order with its lines in one write (one history entry, one event)."""
    ot = registry.get(key)
    model: type[SalesDocument] = ot.model  # type: ignore[assignment]
    probe = model()
    probe.currency_id = getattr(data.get("currency"), "pk", data.get("currency")) or company_currency()
    account = data.get("account")
    if account is None:
        raise ValidationError({"account": [_("This field is required.")]})
    probe.account = ot.service.link("account", account, actor=actor)  # type: ignore[assignment]
    line_model, fk = _line_model(model)
    rows, totals = price_lines(probe, lines, line_model)
    doc = ot.service.create({**data, **totals}, actor=actor)
    for row in rows:
        setattr(row, fk, doc)
    line_model.objects.bulk_create(rows)  # type: ignore[attr-defined]
    return doc


class DocumentService(CurrencyDefaultMixin, RecordService):
    """Numbers (assigned when empty), the company currency by default, and the total in the company
    currency at the document date's rate. A currency cannot change under existing lines."""

    prefix = "DOC"
    date_field = "created_at"

    def _day(self, obj: models.Model) -> datetime.date:
        day = getattr(obj, self.date_field, None)
        if isinstance(day, datetime.datetime):
            return timezone.localtime(day).date()
        return day or timezone.localdate()

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        self._default_currency(obj)
        number = (getattr(obj, "number", "") or "").strip().upper()
        obj.number = number or next_number(self.prefix, self._day(obj))  # type: ignore[attr-defined]
        if isinstance(obj, SalesDocument):
            obj.total_company = to_company(obj.total, obj.currency_id, self._day(obj))

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        stored = _stored(obj)
        if (
            isinstance(obj, SalesDocument)
            and stored is not None
            and stored.currency_id != obj.currency_id
            and lines_of(obj).exists()
        ):
            raise ValidationError({"currency": [_("Remove the lines before changing the currency.")]})

    def search_text(self, obj: models.Model) -> str:
        parts = [getattr(obj, name, "") or "" for name in ("number", "subject", "name", "customer_reference")]
        return " ".join(str(p) for p in parts if p)


class QuoteService(DocumentService):
    """A quote is priced as a draft. A discount above what an approval process allows (the process
    "Quote discount" on `max_discount`) must be approved before the quote is sent or accepted; the
    approval moves it to "waiting for approval" and then "approved". An accepted quote must still be
    valid. A superseded version is frozen."""

    prefix = "QT"
    date_field = "quote_date"

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Quote)
        if creating and obj.valid_until is None:
            obj.valid_until = obj.quote_date + datetime.timedelta(days=settings.GUANXI_QUOTE_VALID_DAYS)
        if not obj.subject and obj.account_id:
            # Named after the customer, unless its author may not see the customer (an ownership
            # conflict): then the subject must not carry the name into a record they read.
            seen = actor.user is None or Sight(actor.user).visible(type(obj.account), obj.account_id)
            obj.subject = (_("Quote for {account}").format(account=obj.account) if seen else _("Quote"))[:200]

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        super().validate(obj, actor=actor, creating=creating)
        assert isinstance(obj, Quote)
        if obj.valid_until and obj.valid_until < obj.quote_date:
            raise ValidationError({"valid_until": [_("The end cannot come before the start.")]})
        stored = _stored(obj)
        old = stored.status if stored is not None else QuoteStatus.DRAFT
        if obj.status == old:
            return
        if _is_internal(actor):
            return
        if old == QuoteStatus.SUPERSEDED:
            raise ValidationError({"status": [_("A superseded version cannot change; work on the newest one.")]})
        if obj.status == QuoteStatus.SUPERSEDED:
            raise ValidationError({"status": [_("Make a new version instead; the old one is superseded by it.")]})
        if obj.status in (QuoteStatus.REVIEW, QuoteStatus.APPROVED):
            raise ValidationError({"status": [_("Submit the quote for approval; the approval sets this status.")]})
        if obj.status in (QuoteStatus.SENT, QuoteStatus.ACCEPTED) and old not in (
            QuoteStatus.APPROVED,
            QuoteStatus.SENT,
        ):
            process = approvals.required(obj)
            if process is not None:
                raise ValidationError(
                    {
                        "status": [
                            _("A discount of {discount}% needs approval (“{process}”): submit the quote first.").format(
                                discount=format(obj.max_discount.normalize(), "f"), process=process
                            )
                        ]
                    }
                )
        if obj.status == QuoteStatus.ACCEPTED and obj.valid_until and obj.valid_until < timezone.localdate():
            raise ValidationError(
                {
                    "valid_until": [
                        _("This quote expired on {day}; make a new version to offer it again.").format(
                            day=date_format(obj.valid_until)
                        )
                    ]
                }
            )


def submit_quote(quote: Quote, *, actor: Actor, comment: str = "") -> Any:
    """Put a draft quote whose discount needs it through approval."""
    if quote.status != QuoteStatus.DRAFT:
        raise ValidationError({"status": [_("Only a draft quote is submitted for approval.")]})
    if approvals.required(quote) is None:
        raise ValidationError({"status": [_("This quote's discount needs no approval; it can be sent as it is.")]})
    return approvals.submit(quote, actor=actor, comment=comment)


@transaction.atomic
def new_version(quote: Quote, *, actor: Actor) -> Quote:
    """A new version of the quote, a draft with the same number and lines; the old one is superseded."""
    service = registry.get("quote").service
    if quote.status == QuoteStatus.SUPERSEDED:
        raise ValidationError({"status": [_("A superseded version cannot change; work on the newest one.")]})
    service.check_writable(quote, actor=actor)
    fields = ("subject", "account", "contact", "opportunity", "currency", "notes", "language", "owner")
    data = {name: getattr(quote, name) for name in fields}
    today = timezone.localdate()
    data |= {"number": quote.number, "revision": quote.revision + 1, "previous": quote, "quote_date": today}
    data["valid_until"] = today + datetime.timedelta(days=settings.GUANXI_QUOTE_VALID_DAYS)
    lines = line_data(quote)
    with internal():
        service.update(quote, {"status": QuoteStatus.SUPERSEDED}, actor=actor)
    with owner_inherited():
        return create_with_lines("quote", data, lines, actor=actor)  # type: ignore[return-value]


@transaction.atomic
def order_from_quote(quote: Quote, *, actor: Actor, data: dict[str, Any] | None = None) -> SalesOrder:
    """Accept the quote (if it is not yet) and make its order, with its lines, once. The quote's row
    is locked first, so two people ordering it at once make one order (the second is told)."""
    quote = Quote.all_objects.select_for_update().get(pk=quote.pk)
    existing = SalesOrder.all_objects.filter(quote=quote).first()
    if existing is not None:
        raise ValidationError(
            {"quote": [_("Order {number} was already made from this quote.").format(number=existing.number)]}
        )
    if quote.status not in (QuoteStatus.ACCEPTED,):
        quote = registry.get("quote").service.update(quote, {"status": QuoteStatus.ACCEPTED}, actor=actor)
        if getattr(quote, "pending_approval", None) is not None:
            raise ValidationError({"status": [_("Accepting this quote waits for approval.")]})
    values = {
        "account": quote.account,
        "contact": quote.contact,
        "opportunity": quote.opportunity,
        "currency": quote.currency,
        "quote": quote,
        "notes": quote.notes,
        "owner": quote.owner,
        # The quote's discount was approved (or needed no approval) when it was accepted.
        "approved_discount": quote.max_discount,
        **(data or {}),
    }
    with owner_inherited():
        order = create_with_lines("order", values, line_data(quote), actor=actor)
    _win_deal(quote.opportunity, actor=actor)
    return order  # type: ignore[return-value]


def _win_deal(deal: Any, *, actor: Actor) -> None:
    """The customer ordered: the deal the quote was for is won (GUANXI_ORDER_WINS_DEAL, on by
    default) — unless it is closed already, or its won stage asks for what the deal lacks, which
    the representative then fills in when they close it themselves; the order stands either way."""
    if deal is None or not settings.GUANXI_ORDER_WINS_DEAL or not pipeline_selectors.is_open(deal):
        return
    try:
        with transaction.atomic():
            pipeline_services.close_deal(deal, Outcome.WON, actor=actor)
    except (ValidationError, PermissionDenied):
        logger.info("ordering did not close deal %s as won", deal.pk, exc_info=True)


@transaction.atomic
def quote_from_deal(deal: Any, *, actor: Actor) -> Quote:
    """A draft quote for the deal: its customer, contact, currency and product lines (at their
    prices and discounts), owned by the deal's owner."""
    values = {
        "subject": deal.name,
        "account": deal.account,
        "contact": deal.contact,
        "opportunity": deal,
        "currency": deal.currency,
        "owner": deal.owner,
    }
    with owner_inherited():
        return create_with_lines("quote", values, pipeline_selectors.deal_lines(deal), actor=actor)  # type: ignore[return-value]


def invoiced(order: SalesOrder) -> Decimal:
    """What the order's invoices (not cancelled) add up to, in the order's currency."""
    return money_sum(Invoice.objects.filter(order=order).exclude(status=InvoiceStatus.CANCELLED), "amount")


@transaction.atomic
def invoice_order(order: SalesOrder, *, actor: Actor) -> Invoice:
    """Invoice what is left of the order (its row locked, so two clicks make one invoice)."""
    order = SalesOrder.all_objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.CANCELLED:
        raise ValidationError({"status": [_("A cancelled order is not invoiced.")]})
    amount = order.total - invoiced(order)
    if amount <= 0:
        raise ValidationError({"amount": [_("This order is invoiced in full.")]})
    data = {"account": order.account, "order": order, "contract": order.contract, "owner": order.owner}
    with owner_inherited():
        return registry.get("invoice").service.create({**data, "amount": amount}, actor=actor)


def order_discount_process(order: SalesOrder) -> Any:
    """The approval process a discount on this order needs before it is confirmed (judged as if it
    were a draft), or None: the discount is within what needs no approval or was approved already
    (by the accepted quote it came from, or by the order's own approval)."""
    probe = copy.copy(order)
    probe.status = OrderStatus.DRAFT
    probe.discount_to_approve = order.max_discount if order.max_discount > order.approved_discount else ZERO
    return approvals.required(probe)


class OrderService(DocumentService):
    """An order's discount obeys the quote's rule: above what the "Order discount" approval process
    allows, an order entered directly (or given a larger discount once confirmed) stays a draft until
    the manager approves it; an order made from an accepted quote carries the quote's approval."""

    prefix = "SO"
    date_field = "order_date"

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, SalesOrder)
        stored = _stored(obj)
        if (
            actor.source == Source.APPROVAL
            and obj.status == OrderStatus.CONFIRMED
            and (stored is None or stored.status == OrderStatus.DRAFT)
        ):
            obj.approved_discount = max(obj.approved_discount, obj.max_discount)  # the approval decided it
        if creating and "status" not in data and order_discount_process(obj) is not None:
            obj.status = OrderStatus.DRAFT  # entered at a discount that needs approval: a draft until then
        obj.discount_to_approve = obj.max_discount if obj.max_discount > obj.approved_discount else ZERO
        if obj.status == OrderStatus.DELIVERED and obj.delivered_on is None:
            obj.delivered_on = timezone.localdate()

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        super().validate(obj, actor=actor, creating=creating)
        assert isinstance(obj, SalesOrder)
        stored = _stored(obj)
        leaving_draft = obj.status not in (OrderStatus.DRAFT, OrderStatus.CANCELLED) and (
            stored is None or stored.status == OrderStatus.DRAFT
        )
        if leaving_draft and not _is_internal(actor):
            process = order_discount_process(obj)
            if process is not None:
                raise ValidationError(
                    {
                        "status": [
                            _("A discount of {discount}% needs approval (“{process}”): submit the order first.").format(
                                discount=format(obj.max_discount.normalize(), "f"), process=process
                            )
                        ]
                    }
                )
        if obj.delivery_date and obj.delivery_date < obj.order_date:
            raise ValidationError({"delivery_date": [_("Delivery cannot come before the order.")]})
        if obj.delivered_on and obj.delivered_on < obj.order_date:
            raise ValidationError({"delivered_on": [_("Delivery cannot come before the order.")]})
        if stored is not None and stored.status == OrderStatus.CANCELLED and obj.status != OrderStatus.CANCELLED:
            raise ValidationError({"status": [_("A cancelled order stays cancelled; enter a new one.")]})
        cancelling = obj.status == OrderStatus.CANCELLED and (stored is None or stored.status != OrderStatus.CANCELLED)
        if cancelling and Invoice.objects.filter(order=obj).exclude(status=InvoiceStatus.CANCELLED).exists():
            raise ValidationError({"status": [_("Cancel the order's invoices first.")]})


# --- contracts ---------------------------------------------------------------------------------------


class ContractService(DocumentService):
    """A contract needs its signing date to come into force; its renewal date is its end unless
    given; the owner is reminded `notice_days` before it (again if the date moves)."""

    prefix = "CT"
    date_field = "starts_on"

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Contract)
        if obj.renewal_date is None and obj.ends_on:
            obj.renewal_date = obj.ends_on
        stored = _stored(obj)
        if stored is not None and (stored.renewal_date, stored.notice_days) != (obj.renewal_date, obj.notice_days):
            obj.reminded_at = None
        obj.value_company = to_company(obj.value or ZERO, obj.currency_id, obj.signed_on or obj.starts_on)

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        super().validate(obj, actor=actor, creating=creating)
        assert isinstance(obj, Contract)
        if obj.ends_on < obj.starts_on:
            raise ValidationError({"ends_on": [_("The end cannot come before the start.")]})
        if obj.status == ContractStatus.ACTIVE and obj.signed_on is None:
            raise ValidationError({"signed_on": [_("Enter the signing date to put the contract in force.")]})

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Contract)
        return f"{obj.number} {obj.name}"


@transaction.atomic
def renew_contract(contract: Contract, *, actor: Actor) -> Contract:
    """A draft renewal: the next term of the same length, the same value, linked to this one
    (once: the contract's row is locked while its renewal is looked for and made)."""
    contract = Contract.all_objects.select_for_update().get(pk=contract.pk)
    if Contract.objects.filter(renewal_of=contract).exists():
        raise ValidationError({"renewal_of": [_("This contract has already been renewed.")]})
    term = contract.ends_on - contract.starts_on
    starts = contract.ends_on + datetime.timedelta(days=1)
    data = {
        "name": contract.name,
        "account": contract.account,
        "opportunity": contract.opportunity,
        "contract_type": contract.contract_type,
        "starts_on": starts,
        "ends_on": starts + term,
        "value": contract.value,
        "currency": contract.currency,
        "notice_days": contract.notice_days,
        "terms": contract.terms,
        "owner": contract.owner,
        "renewal_of": contract,
    }
    with owner_inherited():
        return registry.get("contract").service.create(data, actor=actor)


def send_contract_reminders(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind owners (and their managers) of contracts coming up for renewal, once per date, and
    mark contracts in force past their end as expired. Returns (reminders, expired)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    service = registry.get("contract").service
    expired = 0
    for contract in Contract.objects.filter(status=ContractStatus.ACTIVE, ends_on__lt=today):
        service.update(contract, {"status": ContractStatus.EXPIRED}, actor=SYSTEM)
        expired += 1
    sent = 0
    due = Contract.objects.filter(
        status=ContractStatus.ACTIVE, reminded_at__isnull=True, renewal_date__isnull=False
    ).select_related("owner__department__manager")
    for contract in due.iterator():
        assert contract.renewal_date is not None
        if contract.renewal_date - datetime.timedelta(days=contract.notice_days) > today:
            continue
        recipients = {u for u in (contract.owner,) if u is not None}
        manager = getattr(getattr(contract.owner, "department", None), "manager", None)
        if manager is not None:
            recipients.add(manager)
        message = _("Contract {contract} with {account} comes up for renewal on {day}.").format(
            contract=contract, account=contract.account, day=date_format(contract.renewal_date)
        )
        Notification.objects.bulk_create(
            [Notification(recipient=u, message=message[:500], url=f"/app/contract/{contract.pk}/") for u in recipients]
        )
        Contract.objects.filter(pk=contract.pk).update(reminded_at=now)
        sent += 1
    return sent, expired


# --- invoices and payments ---------------------------------------------------------------------------


class InvoiceService(DocumentService):
    """An invoice's amount defaults to its order's total and its currency to the order's; payments
    decide its status (unpaid, partly paid, paid) and balance. It cannot shrink below what was
    received, change currency under payments, or be cancelled once paid into."""

    prefix = "INV"
    date_field = "issued_on"

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Invoice)
        order, contract = obj.order, obj.contract
        if order is not None:
            if not obj.currency_id:
                obj.currency_id = order.currency_id
            if not obj.amount:
                obj.amount = order.total
            if not obj.account_id:
                obj.account_id = order.account_id
        if contract is not None and not obj.account_id:
            obj.account_id = contract.account_id
        super().prepare(obj, data, actor=actor, creating=creating)
        if obj.due_on is None and obj.issued_on:
            obj.due_on = obj.issued_on + datetime.timedelta(days=30)
        amount = obj.amount or ZERO
        obj.balance = amount - obj.paid_amount
        if obj.status != InvoiceStatus.CANCELLED:
            obj.status = (
                InvoiceStatus.PAID
                if amount and obj.balance <= 0
                else InvoiceStatus.PARTLY_PAID
                if obj.paid_amount > 0
                else InvoiceStatus.OPEN
            )
        if obj.status != InvoiceStatus.PAID:
            obj.paid_on = None
        day = obj.issued_on or timezone.localdate()
        obj.amount_company = to_company(amount, obj.currency_id, day)
        obj.balance_company = (
            ZERO if obj.status == InvoiceStatus.CANCELLED else to_company(obj.balance, obj.currency_id, day)
        )

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Invoice)
        errors: dict[str, list[str]] = {}
        if obj.amount is None:
            raise ValidationError({"amount": [_("Enter the amount, or choose the order it invoices.")]})
        if obj.due_on < obj.issued_on:
            errors["due_on"] = [_("The due date cannot come before the invoice date.")]
        if obj.order is not None and obj.order.account_id != obj.account_id:
            errors["order"] = [_("This order is another customer's.")]
        if obj.contract is not None and obj.contract.account_id != obj.account_id:
            errors["contract"] = [_("This contract is another customer's.")]
        if obj.order is not None and obj.status != InvoiceStatus.CANCELLED and "order" not in errors:
            # The order is the root its invoices are counted against: locked while they are.
            order = SalesOrder.all_objects.select_for_update().get(pk=obj.order.pk)
            others = money_sum(
                Invoice.objects.filter(order=order).exclude(status=InvoiceStatus.CANCELLED).exclude(pk=obj.pk),
                "amount",
            )
            if others + (obj.amount or ZERO) > order.total:
                errors["amount"] = [
                    _("More than what is left to invoice on order {order} ({left} {currency}).").format(
                        order=order.number, left=max(order.total - others, ZERO), currency=order.currency_id
                    )
                ]
        if obj.paid_amount > (obj.amount or ZERO):
            errors["amount"] = [
                _("The amount cannot be less than what was already received ({paid}).").format(paid=obj.paid_amount)
            ]
        stored = _stored(obj)
        if stored is not None and stored.currency_id != obj.currency_id and obj.paid_amount:
            errors["currency"] = [_("Payments were received in {currency}.").format(currency=stored.currency_id)]
        if obj.status == InvoiceStatus.CANCELLED and obj.paid_amount:
            errors["status"] = [_("An invoice with payments cannot be cancelled; refund or move the payments first.")]
        if errors:
            raise ValidationError(errors)


def refresh_invoice(invoice_id: Any) -> None:
    """Recompute an invoice's received amount, status and balance from its payments (as the system:
    recording a payment must not need the right to edit the invoice). The invoice's row is locked
    before the payments are added up, so a payment committed meanwhile is counted, not lost."""
    invoice = Invoice.all_objects.select_for_update().filter(pk=invoice_id).first()
    if invoice is None:
        return
    paid = money_sum(Payment.objects.filter(invoice_id=invoice_id), "amount")
    last = Payment.objects.filter(invoice_id=invoice_id).order_by("-received_on").values_list("received_on", flat=True)
    data: dict[str, Any] = {"paid_amount": paid}
    data["paid_on"] = last.first() if paid >= invoice.amount else None
    registry.get("invoice").service.update(invoice, data, actor=SYSTEM)


class PaymentService(CurrencyDefaultMixin, RecordService):
    """A payment takes its customer and currency from its invoice, cannot exceed the invoice's
    balance, and settles it: the invoice's status and balance follow every payment recorded,
    changed, deleted or restored."""

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Payment)
        invoice = obj.invoice
        if invoice is not None:
            if not obj.account_id:
                obj.account_id = invoice.account_id
            if not obj.currency_id:
                obj.currency_id = invoice.currency_id
        super().prepare(obj, data, actor=actor, creating=creating)
        self._default_currency(obj)
        obj.amount_company = to_company(obj.amount or ZERO, obj.currency_id, obj.received_on or timezone.localdate())

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Payment)
        if obj.invoice_id is None:
            return
        visible_record(actor, "invoice", obj.invoice_id, field="invoice")
        # The invoice is the aggregate root of its payments: its row stays locked until this
        # payment commits, so parallel payments are judged one after the other against the
        # balance each leaves (without it, 20 payments of 60 % each were all accepted).
        stored = _stored(obj)
        locked = sorted({obj.invoice_id, getattr(stored, "invoice_id", None)} - {None}, key=str)
        rows = {i.pk: i for i in Invoice.all_objects.select_for_update().filter(pk__in=locked).order_by("pk")}
        invoice = rows[obj.invoice_id]
        errors: dict[str, list[str]] = {}
        if invoice.account_id != obj.account_id:
            errors["invoice"] = [_("This invoice is another customer's.")]
        elif invoice.status == InvoiceStatus.CANCELLED:
            errors["invoice"] = [_("This invoice is cancelled.")]
        if invoice.currency_id != obj.currency_id:
            errors["currency"] = [
                _("Record the payment in the invoice's currency, {currency}.").format(currency=invoice.currency_id)
            ]
        already = stored.amount if stored is not None and stored.invoice_id == obj.invoice_id else ZERO
        if not errors and obj.amount > invoice.balance + already:
            errors["amount"] = [
                _("More than the invoice's balance ({balance} {currency}).").format(
                    balance=invoice.balance + already, currency=invoice.currency_id
                )
            ]
        if errors:
            raise ValidationError(errors)

    def after_write(self, obj: models.Model, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:
        assert isinstance(obj, Payment)
        touched = {obj.invoice_id}
        if "invoice" in changes:
            touched.add(changes["invoice"][0])
        for invoice_id in touched - {None}:
            refresh_invoice(invoice_id)

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Payment)
        return f"{obj.reference} {obj.notes}"


# --- receivables and the contract ledger ------------------------------------------------------------

AGEING_BUCKETS = ((1, 30), (31, 60), (61, 90), (91, None))


# The fields an invoice's unpaid balance is read from: the receivables (page, API, dashboard card)
# and the invoice panel show it only to whoever may read both.
BALANCE_FIELDS = ("balance", "balance_company")


def reads_balances(user: Any) -> bool:
    return fields(user, "invoice").can_read_all(*BALANCE_FIELDS)


# The ledger's money columns and the fields each is drawn from: a column is shown (on the page, in
# its totals and in the CSV) only to a user who may read every one of them.
LEDGER_SOURCES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "value_company": (("contract", ("value", "value_company")),),
    "invoiced": (("invoice", ("amount", "amount_company")),),
    "received": (("payment", ("amount", "amount_company")),),
    "outstanding": (("contract", ("value", "value_company")), ("payment", ("amount", "amount_company"))),
}


def ledger_columns(user: Any) -> dict[str, bool]:
    """Which of the ledger's money columns this user may see."""
    return {
        column: all(fields(user, key).can_read_all(*names) for key, names in sources)
        for column, sources in LEDGER_SOURCES.items()
    }


def receivables_ageing(invoices: models.QuerySet[Invoice], today: datetime.date | None = None) -> dict[str, Any]:
    """Unpaid balances (company currency) of an access-scoped invoice queryset: not yet due, and
    overdue by 1–30, 31–60, 61–90 and over 90 days; in all and per customer (largest first)."""
    today = today or timezone.localdate()
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
    unpaid = invoices.filter(status__in=[InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID])

    def bucket(lo: int | None, hi: int | None) -> Any:
        q = Q()
        if lo is None:
            q &= Q(due_on__gte=today)
        else:
            q &= Q(due_on__lte=today - datetime.timedelta(days=lo))
            if hi is not None:
                q &= Q(due_on__gte=today - datetime.timedelta(days=hi))
        return Coalesce(Sum(Case(When(q, then=F("balance_company")), default=Value(ZERO), output_field=money)), ZERO)

    names = ["current", *(f"d{lo}" for lo, _hi in AGEING_BUCKETS)]
    aggregates = {"current": bucket(None, None)} | {f"d{lo}": bucket(lo, hi) for lo, hi in AGEING_BUCKETS}
    totals = unpaid.order_by().aggregate(**aggregates)
    rows = list(
        unpaid.order_by()
        .values("account_id", "account__name")
        .annotate(**aggregates)
        .annotate(overdue=sum((F(f"d{lo}") for lo, _hi in AGEING_BUCKETS[1:]), F("d1")))
        .filter(overdue__gt=0)
        .order_by("-overdue")[:100]
    )
    totals["overdue"] = sum((totals[f"d{lo}"] for lo, _hi in AGEING_BUCKETS), ZERO)
    return {"names": names, "totals": totals, "rows": rows, "today": today}


def contract_ledger(contracts: models.QuerySet[Contract]) -> models.QuerySet[Contract]:
    """Contracts (access-scoped) with what was invoiced and received on each, in the company
    currency, and what is still outstanding against the contract value."""
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
    invoiced = (
        Invoice.objects.filter(contract=OuterRef("pk"))
        .exclude(status=InvoiceStatus.CANCELLED)
        .order_by()
        .values("contract")
        .annotate(s=Sum("amount_company"))
        .values("s")
    )
    received = (
        Payment.objects.filter(invoice__contract=OuterRef("pk"), invoice__deleted_at__isnull=True)
        .order_by()
        .values("invoice__contract")
        .annotate(s=Sum("amount_company"))
        .values("s")
    )
    return contracts.select_related("account", "owner").annotate(
        invoiced=Coalesce(Subquery(invoiced, output_field=money), Value(ZERO), output_field=money),
        received=Coalesce(Subquery(received, output_field=money), Value(ZERO), output_field=money),
        outstanding=F("value_company") - F("received"),
    )


def account_sales(user: Any, account: Any) -> dict[str, Any]:
    """The 360° view's sales section: the customer's latest orders, order totals, open deals and what
    they owe — each through the access layer, amounts only where the field rules let the user read them."""

    orders = scope(user, "order").filter(account=account)
    show_totals = fields(user, "order").can_read("total")
    recent = [
        {
            "id": str(o.pk),
            "number": o.number,
            "order_date": o.order_date,
            "status": o.status,
            **({"total": o.total, "currency": o.currency_id} if show_totals else {}),
        }
        for o in orders.order_by("-order_date", "-pk")[:10]
    ]
    stats = orders.exclude(status=OrderStatus.CANCELLED).aggregate(
        count=models.Count("pk"), total=Sum("total_company"), last=models.Max("order_date")
    )
    deals = scope(user, "opportunity").filter(account=account, outcome="open")
    deal_stats = deals.aggregate(count=models.Count("pk"), weighted=Sum("weighted_amount"))
    unpaid = scope(user, "invoice").filter(account=account, status__in=[InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID])
    today = timezone.localdate()
    owed = unpaid.aggregate(balance=Sum("balance_company"), overdue=Sum("balance_company", filter=Q(due_on__lt=today)))
    return {
        "currency": company_currency(),
        "orders": recent,
        "order_count": stats["count"],
        "order_total": cents(stats["total"]) if show_totals else None,
        "last_order": stats["last"],
        "open_opportunities": deal_stats["count"],
        "open_weighted": cents(deal_stats["weighted"]),
        "receivable": cents(owed["balance"]),
        "overdue": cents(owed["overdue"]),
    }


def ledger_totals(contracts: models.QuerySet[Contract]) -> dict[str, Decimal]:
    """The contract ledger's totals over an access-scoped contract queryset (company currency)."""
    ids = contracts.order_by().values("pk")
    value = cents(contracts.order_by().aggregate(s=Sum("value_company"))["s"])
    invoiced = cents(
        Invoice.objects.filter(contract__in=ids)
        .exclude(status=InvoiceStatus.CANCELLED)
        .aggregate(s=Sum("amount_company"))["s"]
    )
    received = cents(
        Payment.objects.filter(invoice__contract__in=ids, invoice__deleted_at__isnull=True).aggregate(
            s=Sum("amount_company")
        )["s"]
    )
    return {"value": value, "invoiced": invoiced, "received": received, "outstanding": value - received}
