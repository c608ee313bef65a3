"""The record actions of quotes, orders, contracts and invoices (registry.ObjectAction): each names
the service it calls, the right it needs, what it makes and when the record's state allows it. The
platform turns each into the button on the record's page, its POST and its API endpoint
(POST /api/v1/<plural>/{id}/actions/<name>)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.automation import approvals
from guanxi.catalogue.lines import line_actions
from guanxi.core import registry
from guanxi.core.registry import ActionInput, ObjectAction
from guanxi.customization.selectors import picklist_choices
from guanxi.pipeline.selectors import is_open

from .choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus
from .forms import DocumentLineForm
from .models import Contract, SalesOrder
from .services import (
    invoice_order,
    invoiced,
    line_data,
    new_version,
    order_from_quote,
    quote_from_deal,
    renew_contract,
    set_document_lines,
    submit_quote,
)

COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("Why this discount?"))


def _quote_live(quote: Any) -> bool:
    return quote.status != QuoteStatus.SUPERSEDED and approvals.pending(quote) is None


def _quote_ready(quote: Any) -> bool:
    """Approved, sent or accepted — or a draft whose discount needs nobody's approval."""
    return quote.status in (QuoteStatus.APPROVED, QuoteStatus.SENT, QuoteStatus.ACCEPTED) or (
        quote.status == QuoteStatus.DRAFT and approvals.required(quote) is None
    )


def _set_quote_status(status: str) -> Any:
    def run(quote: Any, actor: Any, data: dict[str, str]) -> Any:
        return registry.get("quote").service.update(quote, {"status": status}, actor=actor)

    return run


QUOTE_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda q, actor, data: submit_quote(q, actor=actor, comment=data["comment"]),
        available=lambda q: (
            q.status == QuoteStatus.DRAFT and approvals.pending(q) is None and approvals.required(q) is not None
        ),
        inputs=(COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit a quote whose discount needs approval"),
    ),
    ObjectAction(
        "send",
        _("Mark as sent"),
        _set_quote_status(QuoteStatus.SENT),
        available=lambda q: (
            _quote_live(q) and _quote_ready(q) and q.status in (QuoteStatus.DRAFT, QuoteStatus.APPROVED)
        ),
        done=_("Marked as sent."),
        summary=_("Record that the quote went to the customer"),
    ),
    ObjectAction(
        "decline",
        _("Declined by the customer"),
        _set_quote_status(QuoteStatus.DECLINED),
        available=lambda q: q.status == QuoteStatus.SENT and approvals.pending(q) is None,
        done=_("Marked as declined."),
        confirm=_("Mark this quote as declined by the customer?"),
        summary=_("Record that the customer declined the quote"),
    ),
    ObjectAction(
        "order",
        _("Accept and make the order"),
        lambda q, actor, data: order_from_quote(q, actor=actor),
        creates=("order",),
        available=lambda q: _quote_live(q) and _quote_ready(q) and not SalesOrder.objects.filter(quote=q).exists(),
        done=_("Order made."),
        primary=True,
        follow=True,
        summary=_("Accept a quote and make its order with its lines"),
    ),
    ObjectAction(
        "version",
        _("New version"),
        lambda q, actor, data: new_version(q, actor=actor),
        creates=("quote",),
        available=lambda q: _quote_live(q) and q.status != QuoteStatus.DRAFT,
        done=_("New version made."),
        confirm=_("Make a new version? This one will be superseded."),
        follow=True,
        summary=_("Make a new version of a quote (the old one is superseded)"),
    ),
)


ORDER_ACTIONS = (
    # Invoicing writes an invoice, not the order: a billing clerk who sees the order may invoice it.
    ObjectAction(
        "invoice",
        _("Invoice the rest"),
        lambda o, actor, data: invoice_order(o, actor=actor),
        operation="view",
        creates=("invoice",),
        available=lambda o: o.status != OrderStatus.CANCELLED and o.total > invoiced(o),
        done=_("Invoice made."),
        primary=True,
        follow=True,
        summary=_("Invoice what is not yet invoiced of an order"),
    ),
)


CONTRACT_ACTIONS = (
    ObjectAction(
        "renew",
        _("Draft the renewal"),
        lambda c, actor, data: renew_contract(c, actor=actor),
        creates=("contract",),
        available=lambda c: (
            c.status in (ContractStatus.ACTIVE, ContractStatus.EXPIRED)
            and not Contract.objects.filter(renewal_of=c).exists()
        ),
        done=_("Renewal drafted."),
        follow=True,
        summary=_("Draft the next term of a contract"),
    ),
)


PAYMENT_INPUTS = (
    ActionInput("amount", _("Amount"), kind="decimal", required=True),
    ActionInput("received_on", _("Received on"), kind="date", required=True),
    ActionInput("method", _("Method"), kind="choice", choices=lambda: picklist_choices("payment_method")),
    ActionInput("reference", _("Reference"), max_length=80),
)


def _pay(invoice: Any, actor: Any, data: dict[str, Any]) -> Any:
    given = {name: value for name, value in data.items() if value not in (None, "")}
    return registry.get("payment").service.create({"invoice": invoice, **given}, actor=actor)


INVOICE_ACTIONS = (
    # Recording a payment writes a payment, not the invoice: whoever sees the invoice and may
    # create payments records one. The invoice's panel offers it, proposing the balance.
    ObjectAction(
        "pay",
        _("Record payment"),
        _pay,
        operation="view",
        creates=("payment",),
        available=lambda invoice: invoice.status in (InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID),
        inputs=PAYMENT_INPUTS,
        done=_("Payment recorded."),
        in_header=False,
        summary=_("Record a payment received against an invoice"),
    ),
)


def _line_actions(available: Any) -> tuple[ObjectAction, ...]:
    """A quote's or an order's product lines, one at a time (the API also replaces them all at
    once: PUT /api/v1/sales/<plural>/{id}/lines); the totals and the discount approval follow."""
    return line_actions(
        read=line_data,
        write=lambda doc, lines, actor: set_document_lines(doc, lines, actor=actor),
        form=DocumentLineForm,
        available=available,
    )


# On the deal, from billing (above the pipeline): a quote made from it takes its lines.
DEAL_ACTIONS = (
    ObjectAction(
        "make_quote",
        _("New quote"),
        lambda deal, actor, data: quote_from_deal(deal, actor=actor),
        creates=("quote",),
        available=is_open,
        follow=True,
        repeatable=True,  # a deal may have several quotes (versions are the quote's own)
        done=_("Quote drafted from the deal."),
        summary=_("Draft a quote for a deal with its customer, contact, currency and product lines"),
    ),
)

ACTIONS = {
    "opportunity": DEAL_ACTIONS,
    "quote": (*QUOTE_ACTIONS, *_line_actions(lambda quote: quote.status == QuoteStatus.DRAFT)),
    "order": (
        *ORDER_ACTIONS,
        *_line_actions(lambda order: order.status in (OrderStatus.DRAFT, OrderStatus.CONFIRMED)),
    ),
    "contract": CONTRACT_ACTIONS,
    "invoice": INVOICE_ACTIONS,
}
