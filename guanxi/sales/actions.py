"""The sales records' actions (registry.ObjectAction): each names the service it calls, the right
it needs, what it makes and when the record's state allows it. The platform turns each into the
button on the record's page, its POST and its API endpoint (POST /api/v1/<key>/{id}/actions/<name>)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.automation import approvals
from guanxi.core import registry
from guanxi.core.registry import ActionInput, ObjectAction

from . import worklogs
from .choices import ContractStatus, ExpenseStatus, OrderStatus, QuoteStatus, TravelStatus, WorkLogStatus
from .documents import invoice_order, invoiced, new_version, order_from_quote, renew_contract, submit_quote
from .models import Contract, SalesOrder
from .travel import submit_expenses, submit_trip

COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("Why this discount?"))
TRIP_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the trip is for"))
EXPENSE_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the expenses were for"))


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

WORK_LOG_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit the day"),
        lambda log, actor, data: worklogs.submit(log, actor=actor),
        available=lambda log: log.status == WorkLogStatus.DRAFT,
        done=_("Work log submitted."),
        confirm=_("Submit the day? The log cannot be changed afterwards."),
        primary=True,
        summary=_("Submit a day's work log to the manager"),
    ),
)

TRAVEL_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda plan, actor, data: submit_trip(plan, actor=actor, comment=data["comment"]),
        available=lambda plan: (
            plan.status == TravelStatus.PLANNED
            and approvals.pending(plan) is None
            and approvals.required(plan) is not None
        ),
        inputs=(TRIP_COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit a planned trip for approval"),
    ),
)

EXPENSE_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda report, actor, data: submit_expenses(report, actor=actor, comment=data["comment"]),
        available=lambda report: (
            report.status in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED) and approvals.pending(report) is None
        ),
        inputs=(EXPENSE_COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit an expense report for approval"),
    ),
)

ACTIONS = {
    "quote": QUOTE_ACTIONS,
    "order": ORDER_ACTIONS,
    "contract": CONTRACT_ACTIONS,
    "work_log": WORK_LOG_ACTIONS,
    "travel_plan": TRAVEL_ACTIONS,
    "expense_report": EXPENSE_ACTIONS,
}
