"""Sales pages beside the generic ones: an opportunity's product lines and stage history, and the
ownership conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.access.choices import Operation
from guanxi.access.scoping import can, fields
from guanxi.core import registry
from guanxi.core.actor import current_actor
from guanxi.core.registry import ObjectType
from guanxi.core.views import get_record

from .conflicts import can_settle, settle, visible_conflicts
from .forms import LineForm
from .models import Opportunity, OpportunityLine, OwnershipConflict, StageChange
from .services import set_lines


def opportunity_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """Product lines (with a form to add one) and the stage history with the time spent in each."""
    if not isinstance(obj, Opportunity):
        return None
    user = request.user
    rules = fields(user, "opportunity")  # type: ignore[arg-type]
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
        "template": "sales/_opportunity_panel.html",
        "position": "bottom",
        "lines": lines,
        "show_lines": rules.can_read("amount"),
        "stage_changes": changes,
        "line_form": LineForm(),
        "can_change_lines": can(user, Operation.EDIT, obj) and rules.can_write("amount"),  # type: ignore[arg-type]
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
def add_line(request: HttpRequest, pk: str) -> HttpResponse:
    ot = registry.get("opportunity")
    obj = get_record(request, ot, pk, Operation.EDIT)
    assert isinstance(obj, Opportunity)
    form = LineForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.as_data().values():
            for problem in problems:
                messages.error(request, " ".join(problem.messages))
        return redirect("core:detail", "opportunity", obj.pk)
    try:
        set_lines(obj, [*_current_lines(obj), form.cleaned_data], actor=current_actor())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("core:detail", "opportunity", obj.pk)


@login_required
@require_POST
def remove_line(request: HttpRequest, pk: str, index: int) -> HttpResponse:
    ot = registry.get("opportunity")
    obj = get_record(request, ot, pk, Operation.EDIT)
    assert isinstance(obj, Opportunity)
    lines = _current_lines(obj)
    if 0 <= index < len(lines):
        del lines[index]
        try:
            set_lines(obj, lines, actor=current_actor())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("core:detail", "opportunity", obj.pk)


def conflict_panel(request: HttpRequest, ot: ObjectType, obj: models.Model) -> dict[str, Any] | None:
    """A warning on an account's or a deal's page while an ownership conflict about it is open."""
    if ot.key not in ("account", "opportunity"):
        return None
    open_ones = list(
        OwnershipConflict.objects.filter(object_type=ot.key, object_id=obj.pk, resolved_at__isnull=True).select_related(
            "customer", "customer_owner"
        )
    )
    if not open_ones:
        return None
    return {"template": "sales/_conflict_panel.html", "conflicts": open_ones}


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    user = request.user
    show_settled = request.GET.get("settled") == "1"
    rows = visible_conflicts(user).filter(resolved_at__isnull=not show_settled)[:200]  # type: ignore[arg-type]
    items = [{"c": c, "can_settle": can_settle(user, c)} for c in rows]  # type: ignore[arg-type]
    return render(request, "sales/conflicts.html", {"items": items, "show_settled": show_settled})


@login_required
@require_POST
def settle_conflict(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = visible_conflicts(request.user).filter(pk=conflict_id).first()  # type: ignore[arg-type]
    if conflict is None:
        raise Http404
    try:
        settle(conflict, user=request.user, resolution=request.POST.get("resolution", ""))  # type: ignore[arg-type]
        messages.success(request, _("Conflict settled."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("sales:conflicts")
