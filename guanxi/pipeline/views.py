"""Pipeline pages beside the generic ones: an opportunity's product lines, and its panel of lines,
competitors, contact roles (whose changes are record actions, see actions.py) and stage history;
the ownership conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render

from guanxi.access.choices import Operation
from guanxi.access.http import AuthedRequest
from guanxi.access.scoping import can, fields
from guanxi.catalogue.widgets import LineForm
from guanxi.core.registry import ObjectType

from .choices import Outcome
from .conflicts import ON_CUSTOMER, can_settle, visible_conflicts
from .forms import CompetitorForm, ContactRoleForm
from .models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityContact,
    OpportunityLine,
    OwnershipConflict,
    StageChange,
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
        "can_change_lines": can(user, Operation.EDIT, obj)
        and rules.can_write("amount")
        and obj.outcome == Outcome.OPEN,
    }


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
    for conflict in open_ones:  # the owners' managers settle it here too (the action settle_conflict)
        conflict.settleable = can_settle(request.user, conflict)  # type: ignore[attr-defined]
    return {"template": "pipeline/_conflict_panel.html", "conflicts": open_ones}


@login_required
def conflicts(request: AuthedRequest) -> HttpResponse:
    user = request.user
    show_settled = request.GET.get("settled") == "1"
    rows = visible_conflicts(user).filter(resolved_at__isnull=not show_settled)[:200]
    items = [{"c": c, "can_settle": can_settle(user, c)} for c in rows]
    return render(request, "pipeline/conflicts.html", {"items": items, "show_settled": show_settled})
