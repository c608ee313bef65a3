"""Pipeline pages beside the generic ones: an opportunity's product lines, competitors, contact roles
and stage history, and the ownership conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, fields
from guanxi.catalogue.widgets import LineForm
from guanxi.core.actor import current_actor
from guanxi.core.registry import ObjectType
from guanxi.web.pages import on_record

from .conflicts import ON_CUSTOMER, can_settle, settle, visible_conflicts
from .forms import CompetitorForm, ContactRoleForm
from .models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityContact,
    OpportunityLine,
    OwnershipConflict,
    StageChange,
)
from .services import (
    remove_competitor,
    remove_contact_role,
    save_competitor,
    save_contact_role,
    set_lines,
)


def opportunity_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Product lines (with a form to add one) and the stage history with the time spent in each."""
    if not isinstance(obj, Opportunity):
        return None
    user = request.user
    rules = fields(user, "opportunity")
    if not rules.can_read("amount"):
        lines: list[OpportunityLine] = []
    else:
        lines = list(OpportunityLine.objects.filter(opportunity=obj).select_related("product"))
    changes = list(
        StageChange.objects.filter(opportunity=obj)
        .select_related("from_stage", "to_stage", "by")
        .order_by("-at", "-id")
    )
    return {
        "template": "pipeline/_opportunity_panel.html",
        "position": "bottom",
        "lines": lines,
        "show_lines": rules.can_read("amount"),
        "stage_changes": changes,
        "line_form": LineForm(),
        "competitors": list(OpportunityCompetitor.objects.filter(opportunity=obj).select_related("competitor")),
        "competitor_form": CompetitorForm(),
        "contact_roles": list(OpportunityContact.objects.filter(opportunity=obj).select_related("contact")),
        "contact_role_form": ContactRoleForm(),
        "can_change_lines": can(user, Operation.EDIT, obj) and rules.can_write("amount"),
    }


def _current_lines(opportunity: Opportunity) -> list[dict[str, Any]]:
    return [
        {
            "product": line.product_id,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
        }
        for line in OpportunityLine.objects.filter(opportunity=opportunity)
    ]


@login_required
@require_POST
def add_line(request: AuthedRequest, pk: str) -> HttpResponse:
    form = LineForm(request.POST)
    return on_record(
        request,
        "opportunity",
        pk,
        lambda obj: set_lines(obj, [*_current_lines(obj), form.cleaned_data], actor=current_actor()),
        form,
    )


@login_required
@require_POST
def remove_line(request: AuthedRequest, pk: str, index: int) -> HttpResponse:
    def change(obj: Opportunity) -> None:
        lines = _current_lines(obj)
        if 0 <= index < len(lines):
            del lines[index]
            set_lines(obj, lines, actor=current_actor())

    return on_record(request, "opportunity", pk, change)


def conflict_panel(request: AuthedRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """A warning on an account's, a deal's or a sales document's page while an ownership conflict
    about it is open."""
    if ot.key != "account" and ot.key not in ON_CUSTOMER:
        return None
    open_ones = list(
        OwnershipConflict.objects.filter(object_type=ot.key, object_id=obj.pk, resolved_at__isnull=True).select_related(
            "customer", "customer_owner"
        )
    )
    if not open_ones:
        return None
    return {"template": "pipeline/_conflict_panel.html", "conflicts": open_ones}


@login_required
def conflicts(request: AuthedRequest) -> HttpResponse:
    user = request.user
    show_settled = request.GET.get("settled") == "1"
    rows = visible_conflicts(user).filter(resolved_at__isnull=not show_settled)[:200]
    items = [{"c": c, "can_settle": can_settle(user, c)} for c in rows]
    return render(request, "pipeline/conflicts.html", {"items": items, "show_settled": show_settled})


@login_required
@require_POST
def settle_conflict(request: AuthedRequest, conflict_id: int) -> HttpResponse:
    conflict = visible_conflicts(request.user).filter(pk=conflict_id).first()
    if conflict is None:
        raise Http404
    try:
        settle(conflict, user=request.user, resolution=request.POST.get("resolution", ""))
        messages.success(request, _("Conflict settled."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("pipeline:conflicts")


@login_required
@require_POST
def add_competitor(request: AuthedRequest, pk: str) -> HttpResponse:
    form = CompetitorForm(request.POST)
    return on_record(
        request, "opportunity", pk, lambda obj: save_competitor(obj, actor=current_actor(), **form.cleaned_data), form
    )


@login_required
@require_POST
def delete_competitor(request: AuthedRequest, pk: str, competitor_id: str) -> HttpResponse:
    return on_record(
        request, "opportunity", pk, lambda obj: remove_competitor(obj, competitor_id, actor=current_actor())
    )


@login_required
@require_POST
def add_contact_role(request: AuthedRequest, pk: str) -> HttpResponse:
    form = ContactRoleForm(request.POST)
    return on_record(
        request, "opportunity", pk, lambda obj: save_contact_role(obj, actor=current_actor(), **form.cleaned_data), form
    )


@login_required
@require_POST
def delete_contact_role(request: AuthedRequest, pk: str, contact_id: str) -> HttpResponse:
    return on_record(
        request, "opportunity", pk, lambda obj: remove_contact_role(obj, contact_id, actor=current_actor())
    )
