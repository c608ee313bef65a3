"""Travel and expense pages beside the generic ones: the panels of a trip's links and of an expense
report's lines (whose changes are record actions, see actions.py), and the summary by person and
customer."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, fields, scope
from guanxi.catalogue.services import company_currency
from guanxi.core import registry
from guanxi.core.registry import ObjectType
from guanxi.records import actions as record_actions
from guanxi.web.pages import module_page

from .actions import ADD_LINE
from .forms import ExpenseLineUploadForm, TravelLinkForm
from .models import ExpenseReport, TravelLink, TravelPlan
from .services import expense_totals, rejection


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
    return {
        "template": "expenses/_expense_panel.html",
        "position": "bottom",
        "show_amounts": fields(user, "expense_report").can_read("total"),
        "lines": list(obj.lines.select_related("receipt")),
        "line_form": ExpenseLineUploadForm(initial={"day": timezone.localdate()}),
        "editable": may_edit and record_actions.is_available(ADD_LINE, obj),
        "rejected": rejection(obj),
        "currency": company_currency(),
    }


@module_page("expenses:expense_summary")
def expense_summary(request: AuthedRequest) -> HttpResponse:
    """Approved expenses by person and by customer, of the reports the user may see."""
    return render(
        request,
        "expenses/expense_summary.html",
        {"totals": expense_totals(scope(request.user, "expense_report")), "currency": company_currency()},
    )
