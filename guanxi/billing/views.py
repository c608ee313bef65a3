"""Pages for quotes, orders, contracts, invoices and payments beside the generic ones: the lines of
a quote or an order, the quote's PDF, an invoice's payments, a contract's figures, overdue
receivables and the contract ledger."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, fields, scope
from guanxi.automation import approvals
from guanxi.catalogue.services import company_currency
from guanxi.core import registry
from guanxi.core.registry import ObjectType
from guanxi.records import actions as record_actions
from guanxi.web.pages import module_page
from guanxi.web.views import get_record

from .choices import ContractStatus, InvoiceStatus, OrderStatus, QuoteStatus
from .forms import CommentForm, DocumentLineForm
from .models import Contract, Invoice, Quote, SalesDocument, SalesOrder
from .pdf import printable_for, quote_pdf
from .services import (
    AGEING_BUCKETS,
    contract_ledger,
    invoiced,
    ledger_columns,
    ledger_totals,
    lines_of,
    reads_balances,
    receivables_ageing,
)

ZERO = Decimal(0)


def _lines_context(request: AuthedRequest, ot: ObjectType, obj: SalesDocument, editable: bool) -> dict[str, Any]:
    rules = fields(request.user, ot.key)
    return {
        "lines": list(lines_of(obj)) if rules.can_read("total") else [],
        "show_lines": rules.can_read("total"),
        "line_form": DocumentLineForm(),
        "can_change_lines": editable and can(request.user, Operation.EDIT, obj),
    }


def quote_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Lines, the discount approval, the quote's versions and its order (its actions are in the page's header)."""
    if not isinstance(obj, Quote):
        return None
    user = request.user
    pending = approvals.pending(obj)
    process = approvals.required(obj) if obj.status == QuoteStatus.DRAFT else None
    order = scope(user, "order").filter(quote=obj).first()
    versions = list(scope(user, "quote").filter(number=obj.number).order_by("revision"))
    return {
        "template": "billing/_quote_panel.html",
        "position": "bottom",
        **_lines_context(request, ot, obj, obj.status == QuoteStatus.DRAFT and pending is None),
        "pending": pending,
        "process": process,
        "order": order,
        "versions": versions if len(versions) > 1 else [],
        "comment_form": CommentForm(),
    }


def order_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, SalesOrder):
        return None
    billed = invoiced(obj)
    editable = obj.status in (OrderStatus.DRAFT, OrderStatus.CONFIRMED)
    return {
        "template": "billing/_order_panel.html",
        "position": "bottom",
        **_lines_context(request, ot, obj, editable),
        "invoiced": billed,
        "to_invoice": max(obj.total - billed, ZERO),
    }


def invoice_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, Invoice):
        return None
    user = request.user
    today = timezone.localdate()
    overdue = (today - obj.due_on).days if obj.balance > 0 and obj.due_on < today else 0
    rules = fields(user, "invoice")
    show = {"paid_amount": rules.can_read("paid_amount"), "balance": reads_balances(user)}
    # The payment form (the invoice's "pay" action) proposes the balance as its amount only to
    # whoever may read the balance.
    pay = ot.action("pay")
    proposed = {"amount": obj.balance if show["balance"] else "", "received_on": today.isoformat()}
    can_pay = pay is not None and record_actions.allowed(user, pay, obj) and record_actions.is_available(pay, obj)
    return {
        "template": "billing/_invoice_panel.html",
        "show": show,
        "overdue_days": overdue if obj.status != InvoiceStatus.CANCELLED else 0,
        "pay": pay if can_pay else None,
        "pay_inputs": [(i, proposed.get(i.name, "")) for i in pay.inputs] if can_pay and pay else [],
    }


def contract_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, Contract):
        return None
    user = request.user
    row = contract_ledger(Contract.objects.filter(pk=obj.pk)).first()
    renewal = scope(user, "contract").filter(renewal_of=obj).first()
    return {
        "template": "billing/_contract_panel.html",
        "row": row,
        "show": ledger_columns(user),
        "company_currency": company_currency(),
        "renewal": renewal,
    }


@login_required
def quote_pdf_view(request: AuthedRequest, pk: str) -> HttpResponse:
    quote = get_record(request, registry.get("quote"), pk)
    assert isinstance(quote, Quote)
    printable_for(request.user, quote)
    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{quote.number}-v{quote.revision}.pdf"'
    return response


@module_page("billing:receivables")
def receivables(request: AuthedRequest) -> HttpResponse:
    """Overdue receivables by age, per customer, of the invoices the user may see."""
    ageing = receivables_ageing(scope(request.user, "invoice"))
    labels = [
        _("Not yet due"),
        *(
            _("{lo}–{hi} days").format(lo=lo, hi=hi) if hi else _("Over {n} days").format(n=lo - 1)
            for lo, hi in AGEING_BUCKETS
        ),
    ]
    return render(
        request,
        "billing/receivables.html",
        {"ageing": ageing, "labels": list(zip(ageing["names"], labels, strict=True)), "nav": "receivables"},
    )


LEDGER_COLUMNS = (
    ("number", _("Contract number")),
    ("name", _("Name")),
    ("account", _("Account")),
    ("owner", _("Owner")),
    ("status", _("Status")),
    ("signed_on", _("Signed on")),
    ("starts_on", _("Starts on")),
    ("ends_on", _("Ends on")),
    ("value_company", _("Contract value")),
    ("invoiced", _("Invoiced")),
    ("received", _("Received")),
    ("outstanding", _("Outstanding")),
)


@module_page("billing:ledger")
def ledger(request: AuthedRequest) -> HttpResponse:
    """The contract ledger (合同台账): every contract the user may see with its value, what was
    invoiced and received, and what is outstanding; filter by status and signing year, download as CSV."""
    qs = scope(request.user, "contract")
    status = request.GET.get("status", "")
    if status in ContractStatus.values:
        qs = qs.filter(status=status)
    year = request.GET.get("year", "")
    if year.isdigit() and 1 <= int(year) <= 9999:
        qs = qs.filter(starts_on__year=int(year))
    elif year:
        messages.error(request, _("Choose a year between 1 and 9999."))
        year = ""
    rows = contract_ledger(qs).order_by("-starts_on", "number")
    show = ledger_columns(request.user)
    column_of = {"value": "value_company"}  # the totals' names for the columns they add up
    sums = {name: value for name, value in ledger_totals(qs).items() if show[column_of.get(name, name)]}
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contract-ledger.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly with a BOM
        writer = csv.writer(response)
        columns = [(name, label) for name, label in LEDGER_COLUMNS if show.get(name, True)]
        writer.writerow([str(label) for _name, label in columns])
        for c in rows.iterator():
            values = {
                "number": c.number,
                "name": c.name,
                "account": c.account.name,
                "owner": c.owner or "",
                "status": c.get_status_display(),
                "signed_on": c.signed_on or "",
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "value_company": c.value_company,
                "invoiced": c.invoiced,  # type: ignore[attr-defined]
                "received": c.received,  # type: ignore[attr-defined]
                "outstanding": c.outstanding,  # type: ignore[attr-defined]
            }
            writer.writerow([values[name] for name, _label in columns])
        return response
    page = list(rows[:500])
    years = sorted({d.year for d in scope(request.user, "contract").dates("starts_on", "year")}, reverse=True)
    return render(
        request,
        "billing/ledger.html",
        {
            "rows": page,
            "more": rows.count() > len(page),
            "sums": sums,
            "show": show,
            "statuses": ContractStatus.choices,
            "status": status,
            "years": years,
            "year": year,
            "nav": "ledger",
        },
    )
