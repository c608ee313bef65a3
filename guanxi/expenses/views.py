"""Travel and expense pages beside the generic ones: a trip's links, an expense report's lines and
the summary by person and customer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, fields, scope
from guanxi.automation import approvals
from guanxi.catalogue.services import company_currency
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.registry import ObjectType
from guanxi.web.pages import on_record, require_readable

from .choices import ExpenseStatus
from .forms import ExpenseLineForm, TravelLinkForm
from .models import ExpenseReport, TravelLink, TravelPlan
from .services import (
    TRAVEL_LINKABLE,
    add_expense,
    expense_totals,
    link_trip,
    rejection,
    remove_expense,
    unlink_trip,
)


def travel_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
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
        for target in scope(user, key).filter(pk__in=pks)
    ]
    may_edit = can(user, Operation.EDIT, obj)
    return {
        "template": "expenses/_travel_panel.html",
        "links": links,
        "link_form": TravelLinkForm(),
        "can_link": may_edit,
    }


def expense_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """The lines with their receipts, the form to add one, submission and a rejection's comment."""
    if not isinstance(obj, ExpenseReport):
        return None
    user = request.user
    may_edit = can(user, Operation.EDIT, obj)
    open_for_lines = obj.status in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED) and approvals.pending(obj) is None
    return {
        "template": "expenses/_expense_panel.html",
        "position": "bottom",
        "show_amounts": fields(user, "expense_report").can_read("total"),
        "lines": list(obj.lines.select_related("receipt")),
        "line_form": ExpenseLineForm(initial={"day": timezone.localdate()}),
        "editable": may_edit and open_for_lines,
        "rejected": rejection(obj),
        "currency": company_currency(),
    }


@login_required
@require_POST
def travel_link(request: AuthedRequest, pk: str) -> HttpResponse:
    form = TravelLinkForm(request.POST)

    def change(plan: TravelPlan) -> None:
        chosen = [(key, form.cleaned_data.get(key)) for key in TRAVEL_LINKABLE if form.cleaned_data.get(key)]
        if not chosen:
            raise ValidationError({"account": [_("Choose a customer or an activity.")]})
        for key, value in chosen:
            link_trip(plan, key, value, actor=current_actor())

    return on_record(request, "travel_plan", pk, change, form)


@login_required
@require_POST
def travel_unlink(request: AuthedRequest, pk: str, link_id: int) -> HttpResponse:
    return on_record(request, "travel_plan", pk, lambda plan: unlink_trip(plan, link_id, actor=current_actor()))


@login_required
@require_POST
def expense_line(request: AuthedRequest, pk: str) -> HttpResponse:
    form = ExpenseLineForm(request.POST, request.FILES)

    def change(report: ExpenseReport) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k != "receipt"}
        data["currency"] = (data.get("currency") or "").upper() or None
        add_expense(report, data, actor=current_actor(), receipt=form.cleaned_data.get("receipt"))

    return on_record(request, "expense_report", pk, change, form)


@login_required
@require_POST
def expense_line_remove(request: AuthedRequest, pk: str, line_id: int) -> HttpResponse:
    return on_record(
        request, "expense_report", pk, lambda report: remove_expense(report, line_id, actor=current_actor())
    )


@login_required
def expense_summary(request: AuthedRequest) -> HttpResponse:
    """Approved expenses by person and by customer, of the reports the user may see."""
    require_readable(request.user, "expense_report", "total")
    return render(
        request,
        "expenses/expense_summary.html",
        {"totals": expense_totals(scope(request.user, "expense_report")), "currency": company_currency()},
    )
