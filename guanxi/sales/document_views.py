"""Pages for quotes, orders, contracts, invoices and payments beside the generic ones: the lines of
a quote or an order, the quote's approval, versions, PDF and order; an order's invoice; an
invoice's payments; a contract's figures and renewal; overdue receivables and the contract ledger."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.scoping import can, can_create, fields, leads_team, scope
from guanxi.automation import approvals
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.errors import PermissionDenied
from guanxi.core.registry import ObjectType
from guanxi.web.views import get_record

from .choices import (
    ContractStatus,
    ExpenseStatus,
    InvoiceStatus,
    OrderStatus,
    PeriodKind,
    QuoteStatus,
    TargetMetric,
    WorkLogStatus,
)
from .dashboard import dashboard
from .documents import (
    AGEING_BUCKETS,
    BALANCE_FIELDS,
    contract_ledger,
    invoiced,
    ledger_columns,
    ledger_totals,
    line_data,
    lines_of,
    reads_balances,
    receivables_ageing,
    set_document_lines,
)
from .forms import (
    AssignmentRuleForm,
    CommentForm,
    DocumentLineForm,
    ExpenseLineForm,
    PaymentForm,
    TransferForm,
    TravelLinkForm,
    WorkLogEntryForm,
)
from .models import (
    AssignmentRule,
    Contract,
    ExpenseReport,
    Invoice,
    Quote,
    SalesDocument,
    SalesOrder,
    Transfer,
    TravelLink,
    TravelPlan,
    WorkLog,
)
from .pdf import printable_for, quote_pdf
from .services import company_currency
from .targets import attainment, may_measure, period_bounds, period_label
from .territories import delete_rule, may_manage_territories, save_rule, transfer
from .travel import (
    TRAVEL_LINKABLE,
    add_expense,
    expense_totals,
    link_trip,
    rejection,
    remove_expense,
    unlink_trip,
)
from .views import _on_record, require_create
from .worklogs import add_entry, remove_entry

ZERO = Decimal(0)


def _lines_context(request: HttpRequest, ot: ObjectType, obj: SalesDocument, editable: bool) -> dict[str, Any]:
    rules = fields(request.user, ot.key)  # type: ignore[arg-type]
    return {
        "lines": list(lines_of(obj)) if rules.can_read("total") else [],
        "show_lines": rules.can_read("total"),
        "line_form": DocumentLineForm(),
        "can_change_lines": editable and can(request.user, Operation.EDIT, obj),  # type: ignore[arg-type]
    }


def quote_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Lines, the discount approval, the quote's versions and its order (its actions are in the page's header)."""
    if not isinstance(obj, Quote):
        return None
    user = request.user
    pending = approvals.pending(obj)
    process = approvals.required(obj) if obj.status == QuoteStatus.DRAFT else None
    order = scope(user, "order").filter(quote=obj).first()  # type: ignore[arg-type]
    versions = list(scope(user, "quote").filter(number=obj.number).order_by("revision"))  # type: ignore[arg-type]
    return {
        "template": "sales/_quote_panel.html",
        "position": "bottom",
        **_lines_context(request, ot, obj, obj.status == QuoteStatus.DRAFT and pending is None),
        "pending": pending,
        "process": process,
        "order": order,
        "versions": versions if len(versions) > 1 else [],
        "comment_form": CommentForm(),
    }


def order_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, SalesOrder):
        return None
    billed = invoiced(obj)
    editable = obj.status in (OrderStatus.DRAFT, OrderStatus.CONFIRMED)
    return {
        "template": "sales/_order_panel.html",
        "position": "bottom",
        **_lines_context(request, ot, obj, editable),
        "invoiced": billed,
        "to_invoice": max(obj.total - billed, ZERO),
    }


def invoice_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, Invoice):
        return None
    user = request.user
    today = timezone.localdate()
    overdue = (today - obj.due_on).days if obj.balance > 0 and obj.due_on < today else 0
    rules = fields(user, "invoice")  # type: ignore[arg-type]
    show = {"paid_amount": rules.can_read("paid_amount"), "balance": reads_balances(user)}
    # The payment form offers the balance as its amount only to whoever may read the balance.
    form = PaymentForm(initial={"amount": obj.balance if show["balance"] else None, "received_on": today})
    return {
        "template": "sales/_invoice_panel.html",
        "show": show,
        "overdue_days": overdue if obj.status != InvoiceStatus.CANCELLED else 0,
        "payment_form": form,
        "can_pay": obj.status in (InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID) and can_create(user, "payment"),  # type: ignore[arg-type]
    }


def contract_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    if not isinstance(obj, Contract):
        return None
    user = request.user
    row = contract_ledger(Contract.objects.filter(pk=obj.pk)).first()
    renewal = scope(user, "contract").filter(renewal_of=obj).first()  # type: ignore[arg-type]
    return {
        "template": "sales/_contract_panel.html",
        "row": row,
        "show": ledger_columns(user),
        "company_currency": company_currency(),
        "renewal": renewal,
    }


# --- actions -------------------------------------------------------------------------------------------


DOCUMENT_KEYS = ("quote", "order")


@login_required
@require_POST
def add_item(request: HttpRequest, key: str, pk: str) -> HttpResponse:
    if key not in DOCUMENT_KEYS:
        raise Http404
    form = DocumentLineForm(request.POST)
    return _on_record(
        request,
        key,
        pk,
        lambda obj: set_document_lines(obj, [*line_data(obj), form.cleaned_data], actor=current_actor()),
        form,
    )


@login_required
@require_POST
def remove_item(request: HttpRequest, key: str, pk: str, index: int) -> HttpResponse:
    if key not in DOCUMENT_KEYS:
        raise Http404

    def change(obj: SalesDocument) -> None:
        lines = line_data(obj)
        if 0 <= index < len(lines):
            del lines[index]
            set_document_lines(obj, lines, actor=current_actor())

    return _on_record(request, key, pk, change)


def _after(
    request: HttpRequest,
    key: str,
    pk: Any,
    action: Any,
    success: str,
    *,
    follow: bool = False,
    op: str = Operation.EDIT,
    creates: tuple[str, ...] = (),
) -> HttpResponse:
    """Run an action on a record the user may edit (or `op`), making records of the types in
    `creates`, which the user must be allowed to create; messages say what happened. With `follow`,
    go to the record the action made (the new version, the order, the invoice, the renewal)."""
    obj = get_record(request, registry.get(key), pk, op)
    require_create(request, *creates)
    try:
        result = action(obj)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        return redirect("core:detail", key, obj.pk)
    messages.success(request, success)
    if follow:
        return redirect("core:detail", registry.for_model(result).key, result.pk)
    return redirect("core:detail", key, obj.pk)


@login_required
def quote_pdf_view(request: HttpRequest, pk: str) -> HttpResponse:
    quote = get_record(request, registry.get("quote"), pk)
    assert isinstance(quote, Quote)
    printable_for(request.user, quote)
    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{quote.number}-v{quote.revision}.pdf"'
    return response


@login_required
@require_POST
def invoice_payment(request: HttpRequest, pk: str) -> HttpResponse:
    """Record a payment against an invoice the user may see (the payment service decides)."""
    form = PaymentForm(request.POST)
    return _on_record(
        request,
        "invoice",
        pk,
        lambda invoice: registry.get("payment").service.create(
            {"invoice": invoice, **form.cleaned_data}, actor=current_actor()
        ),
        form,
        op=Operation.VIEW,
        creates=("payment",),
        success=_("Payment recorded."),
    )


# --- receivables and the contract ledger -------------------------------------------------------------


@login_required
def receivables(request: HttpRequest) -> HttpResponse:
    """Overdue receivables by age, per customer, of the invoices the user may see."""
    require_readable(request.user, "invoice", *BALANCE_FIELDS)
    ageing = receivables_ageing(scope(request.user, "invoice"))  # type: ignore[arg-type]
    labels = [
        _("Not yet due"),
        *(
            _("{lo}–{hi} days").format(lo=lo, hi=hi) if hi else _("Over {n} days").format(n=lo - 1)
            for lo, hi in AGEING_BUCKETS
        ),
    ]
    return render(
        request,
        "sales/receivables.html",
        {"ageing": ageing, "labels": list(zip(ageing["names"], labels, strict=True)), "nav": "receivables"},
    )


def require_readable(user: Any, key: str, *names: str) -> None:
    """Refuse (403) a page made of figures drawn from fields the user's role hides."""
    if not fields(user, key).can_read_all(*names):
        raise PermissionDenied(_("Your role does not show the figures this page is made of."))


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


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """The contract ledger (合同台账): every contract the user may see with its value, what was
    invoiced and received, and what is outstanding; filter by status and signing year, download as CSV."""
    qs = scope(request.user, "contract")  # type: ignore[arg-type]
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
    years = sorted({d.year for d in scope(request.user, "contract").dates("starts_on", "year")}, reverse=True)  # type: ignore[arg-type]
    return render(
        request,
        "sales/ledger.html",
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


# --- the sales dashboard and targets -------------------------------------------------------------------


def _chart_toolbox() -> dict[str, Any]:
    """Every chart can be downloaded as a picture (ECharts' own button)."""
    return {"feature": {"saveAsImage": {"title": _("Download"), "pixelRatio": 2}}}


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    team_allowed = leads_team(user)  # type: ignore[arg-type]
    team = team_allowed and request.GET.get("view", "team" if team_allowed else "mine") == "team"
    data = dashboard(user, team=team)  # type: ignore[arg-type]
    funnel_option = {
        "toolbox": _chart_toolbox(),
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "5%",
                "width": "90%",
                "label": {"show": True, "position": "inside"},
                # By amount, or by the number of deals for a role that may not read amounts.
                "data": [
                    {
                        "name": f"{row['stage']} ({row['count']})",
                        "value": float(row["amount"]) if row["amount"] is not None else row["count"],
                    }
                    for row in data["funnel"]
                ],
            }
        ],
    }
    months = [str(m) for m in range(1, 13)]
    month_option = {
        "toolbox": _chart_toolbox(),
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [pgettext("sales target", "Target"), _("Won")]},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": pgettext("sales target", "Target"),
                "type": "bar",
                "data": [float(r["target"]) if r["target"] is not None else None for r in data["by_month"]],
            },
            {"name": _("Won"), "type": "bar", "data": [float(r["actual"]) for r in data["by_month"]]},
        ],
    }
    return render(
        request,
        "sales/dashboard.html",
        {
            "d": data,
            "team_allowed": team_allowed,
            "funnel_option": funnel_option,
            "month_option": month_option,
            "currency": company_currency(),
            "today": timezone.localdate(),
            "nav": "dashboard",
        },
    )


@login_required
def targets_page(request: HttpRequest) -> HttpResponse:
    """Targets the user may see for one period and measure, each beside what was achieved, with a
    chart of target against actual (downloadable) and a CSV."""
    user = request.user
    kind = request.GET.get("period", PeriodKind.QUARTER)
    if kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    metric = request.GET.get("metric", TargetMetric.WON_AMOUNT)
    if metric not in TargetMetric.values:
        metric = TargetMetric.WON_AMOUNT
    try:
        day = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        day = timezone.localdate()
    if not (datetime.date(1900, 1, 1) <= day <= datetime.date(9998, 12, 31)):
        messages.error(request, _("Choose a date between 1900 and 9998."))
        day = timezone.localdate()
    start, _end = period_bounds(kind, day)
    targets = list(
        scope(user, "target")  # type: ignore[arg-type]
        .filter(period=kind, metric=metric, starts_on=start)
        .select_related("owner", "team")
        .order_by("scope", "name")[:200]
    )
    measured = may_measure(user, metric)
    rows = attainment(targets, measured=measured)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="targets-{period_label(kind, start)}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("Name"), _("For"), pgettext("sales target", "Target"), _("Achieved"), _("Attained (%)")])
        for row in rows:
            t = row["target"]
            achieved = row["actual"] if row["actual"] is not None else ""
            writer.writerow([t.name, t.get_scope_display(), t.value, achieved, row["percent"] or ""])
        return response
    names = [r["target"].name for r in rows]
    chart: dict[str, Any] = {
        "toolbox": _chart_toolbox(),
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [pgettext("sales target", "Target"), _("Achieved")]},
        "grid": {"left": 8, "right": 48, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": [
            {
                "name": pgettext("sales target", "Target"),
                "type": "bar",
                "data": [float(r["target"].value) for r in rows],
            },
        ],
    }
    if measured:
        chart["series"].append({"name": _("Achieved"), "type": "bar", "data": [float(r["actual"]) for r in rows]})
    shift = {PeriodKind.MONTH: 31, PeriodKind.QUARTER: 92, PeriodKind.YEAR: 366}[PeriodKind(kind)]
    return render(
        request,
        "sales/targets.html",
        {
            "rows": rows,
            "chart": chart,
            "kind": kind,
            "metric": metric,
            "label": period_label(kind, start),
            "previous": (start - datetime.timedelta(days=1)).isoformat(),
            "following": (start + datetime.timedelta(days=shift)).replace(day=1).isoformat(),
            "on": start.isoformat(),
            "periods": PeriodKind.choices,
            "metrics": TargetMetric.choices,
            "can_create": can_create(user, "target"),  # type: ignore[arg-type]
            "money": metric in (TargetMetric.WON_AMOUNT, TargetMetric.RECEIVED),
            "measured": measured,
            "currency": company_currency(),
            "nav": "targets",
        },
    )


# --- work logs ---------------------------------------------------------------------------------------------


def work_log_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The day's entries, a form to add one and the submit button while it is a draft."""
    if not isinstance(obj, WorkLog):
        return None
    user = request.user
    editable = obj.status == WorkLogStatus.DRAFT and can(user, Operation.EDIT, obj)  # type: ignore[arg-type]
    return {
        "template": "sales/_work_log_panel.html",
        "position": "bottom",
        "entries": list(obj.entries.select_related("account", "opportunity")),
        "entry_form": WorkLogEntryForm(),
        "editable": editable,
    }


@login_required
@require_POST
def work_log_entry(request: HttpRequest, pk: str) -> HttpResponse:
    form = WorkLogEntryForm(request.POST)
    return _on_record(
        request, "work_log", pk, lambda log: add_entry(log, form.cleaned_data, actor=current_actor()), form
    )


@login_required
@require_POST
def work_log_entry_remove(request: HttpRequest, pk: str, entry_id: int) -> HttpResponse:
    return _on_record(request, "work_log", pk, lambda log: remove_entry(log, entry_id, actor=current_actor()))


# --- travel plans and expense reports ---------------------------------------------------------------------


def travel_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The customers and activities the trip is for, and its approval."""
    if not isinstance(obj, TravelPlan):
        return None
    user = request.user
    ids: dict[str, list[Any]] = {}
    link_ids: dict[tuple[str, Any], int] = {}
    for link in TravelLink.objects.filter(plan=obj):
        ids.setdefault(link.object_type, []).append(link.object_id)
        link_ids[(link.object_type, link.object_id)] = link.pk
    links = [
        {"ot": registry.get(key), "obj": target, "link_id": link_ids[(key, target.pk)]}
        for key, pks in ids.items()
        for target in scope(user, key).filter(pk__in=pks)  # type: ignore[arg-type]
    ]
    may_edit = can(user, Operation.EDIT, obj)  # type: ignore[arg-type]
    return {
        "template": "sales/_travel_panel.html",
        "links": links,
        "link_form": TravelLinkForm(),
        "can_link": may_edit,
    }


def expense_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The lines with their receipts, the form to add one, submission and a rejection's comment."""
    if not isinstance(obj, ExpenseReport):
        return None
    user = request.user
    may_edit = can(user, Operation.EDIT, obj)  # type: ignore[arg-type]
    open_for_lines = obj.status in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED) and approvals.pending(obj) is None
    return {
        "template": "sales/_expense_panel.html",
        "position": "bottom",
        "show_amounts": fields(user, "expense_report").can_read("total"),  # type: ignore[arg-type]
        "lines": list(obj.lines.select_related("receipt")),
        "line_form": ExpenseLineForm(initial={"day": timezone.localdate()}),
        "editable": may_edit and open_for_lines,
        "rejected": rejection(obj),
        "currency": company_currency(),
    }


@login_required
@require_POST
def travel_link(request: HttpRequest, pk: str) -> HttpResponse:
    form = TravelLinkForm(request.POST)

    def change(plan: TravelPlan) -> None:
        chosen = [(key, form.cleaned_data.get(key)) for key in TRAVEL_LINKABLE if form.cleaned_data.get(key)]
        if not chosen:
            raise ValidationError({"account": [_("Choose a customer or an activity.")]})
        for key, value in chosen:
            link_trip(plan, key, value, actor=current_actor())

    return _on_record(request, "travel_plan", pk, change, form)


@login_required
@require_POST
def travel_unlink(request: HttpRequest, pk: str, link_id: int) -> HttpResponse:
    return _on_record(request, "travel_plan", pk, lambda plan: unlink_trip(plan, link_id, actor=current_actor()))


@login_required
@require_POST
def expense_line(request: HttpRequest, pk: str) -> HttpResponse:
    form = ExpenseLineForm(request.POST, request.FILES)

    def change(report: ExpenseReport) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k != "receipt"}
        data["currency"] = (data.get("currency") or "").upper() or None
        add_expense(report, data, actor=current_actor(), receipt=form.cleaned_data.get("receipt"))

    return _on_record(request, "expense_report", pk, change, form)


@login_required
@require_POST
def expense_line_remove(request: HttpRequest, pk: str, line_id: int) -> HttpResponse:
    return _on_record(
        request, "expense_report", pk, lambda report: remove_expense(report, line_id, actor=current_actor())
    )


@login_required
def expense_summary(request: HttpRequest) -> HttpResponse:
    """Approved expenses by person and by customer, of the reports the user may see."""
    require_readable(request.user, "expense_report", "total")
    return render(
        request,
        "sales/expense_summary.html",
        {"totals": expense_totals(scope(request.user, "expense_report")), "currency": company_currency()},  # type: ignore[arg-type]
    )


# --- territories: assignment rules and transfers --------------------------------------------------------


@login_required
def territories(request: HttpRequest) -> HttpResponse:
    """Assignment rules for new leads and accounts, and handing one person's customers to another."""
    user = request.user
    if not may_manage_territories(user):  # type: ignore[arg-type]
        raise PermissionDenied(_("Managing territories needs the assign right on leads or accounts."))
    editing = AssignmentRule.objects.filter(pk=request.GET.get("rule") or 0).first()
    rule_form = AssignmentRuleForm(instance=editing)
    transfer_form = TransferForm()
    if request.method == "POST" and request.POST.get("form") == "rule":
        editing = AssignmentRule.objects.filter(pk=request.POST.get("rule") or 0).first()
        rule_form = AssignmentRuleForm(request.POST, instance=editing)
        if rule_form.is_valid():
            data = {name: rule_form.cleaned_data[name] for name in rule_form.Meta.fields}
            data["industry"] = data["industry"] or ""
            try:
                save_rule(data, actor=current_actor(), instance=editing)
                messages.success(request, _("Saved."))
                return redirect("sales:territories")
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    rule_form.add_error(name if name in rule_form.fields else None, problems)
    elif request.method == "POST" and request.POST.get("form") == "transfer":
        transfer_form = TransferForm(request.POST)
        if transfer_form.is_valid():
            data = transfer_form.cleaned_data
            try:
                done = transfer(
                    from_user=data["from_user"],
                    to_user=data["to_user"],
                    region=data["region"] or None,
                    industry=data["industry"],
                    reason=data["reason"],
                    actor=current_actor(),
                )
                moved = ", ".join(f"{registry.get(k).label_plural}: {n}" for k, n in done.counts.items())
                messages.success(request, _("Handed over — {moved}.").format(moved=moved))
                return redirect("sales:territories")
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    transfer_form.add_error(name if name in transfer_form.fields else None, problems)
    elif request.method == "POST" and request.POST.get("form") == "delete":
        rule = AssignmentRule.objects.filter(pk=request.POST.get("rule") or 0).first()
        if rule is not None:
            delete_rule(rule, actor=current_actor())
        messages.success(request, _("Rule removed."))
        return redirect("sales:territories")
    return render(
        request,
        "sales/territories.html",
        {
            "rules": list(AssignmentRule.objects.select_related("region", "user", "team")),
            "rule_form": rule_form,
            "editing": editing,
            "transfer_form": transfer_form,
            "transfers": [
                {
                    "t": t,
                    "counts": [(registry.get(k).label_plural, n) for k, n in t.counts.items() if registry.maybe(k)],
                }
                for t in Transfer.objects.select_related("from_user", "to_user", "by")[:20]
            ],
        },
    )
