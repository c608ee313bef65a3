"""How opportunities register with the platform: their board by stage and their lists on the customer's pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import (
    Board,
    NavItem,
    ObjectType,
    Page,
    Panel,
    Related,
    add_action,
    add_nav,
    add_page,
    add_panel,
    add_related,
    register,
)

from . import views
from .actions import ACTIONS
from .conflicts import ON_CUSTOMER, SETTLE_ACTION, may_settle_conflicts, visible_conflicts
from .models import Opportunity, Pipeline, Stage
from .rollups import stage_totals
from .services import OpportunityService


def opportunity_board(params: Any) -> Board:
    """One pipeline's stages as columns (choose the pipeline above the board), each summing the
    amount in the company currency; won and lost are folded."""
    pipelines = list(Pipeline.objects.filter(active=True))
    chosen = next((p for p in pipelines if str(p.pk) == str(params.get("pipeline", ""))), None)
    chosen = chosen or next((p for p in pipelines if p.is_default), pipelines[0] if pipelines else None)
    if chosen is None:
        return Board(columns=[])
    stages = list(Stage.objects.filter(pipeline=chosen).order_by("sort"))
    return Board(
        columns=[(s.pk, str(s)) for s in stages],
        folded=frozenset(s.pk for s in stages if s.folded),
        filters={"pipeline": chosen},
        switch=("pipeline", [(p.pk, str(p)) for p in pipelines], chosen.pk) if len(pipelines) > 1 else None,
        total_field="amount_company",
        totals=lambda user: stage_totals(chosen.pk, user),
    )


register(
    ObjectType(
        key="opportunity",
        open_links=("account",),  # on another owner's customer: an ownership conflict
        model=Opportunity,
        service=OpportunityService(),
        icon="💼",
        order=30,
        list_columns=("name", "account", "stage", "amount", "currency", "probability", "expected_close", "owner"),
        form_fields=(
            "name",
            "account",
            "contact",
            "pipeline",
            "stage",
            "amount",
            "currency",
            "probability",
            "expected_close",
            "source",
            "lead",
            "lost_reason",
            "next_step",
            "owner",
            "description",
        ),
        detail_fields=(
            "name",
            "account",
            "contact",
            "pipeline",
            "stage",
            "outcome",
            "amount",
            "currency",
            "amount_company",
            "probability",
            "weighted_amount",
            "expected_close",
            "closed_on",
            "source",
            "lead",
            "lost_reason",
            "next_step",
            "owner",
            "department",
            "stage_changed_at",
            "description",
            "created_at",
            "updated_at",
        ),
        filter_fields=("pipeline", "stage", "outcome", "source", "lost_reason", "owner", "department", "account"),
        sort_fields=("updated_at", "created_at", "name", "expected_close", "amount_company", "weighted_amount"),
        search_fields=("name",),
        search_covers=("name", "next_step"),
        stage_field="stage",
        board=opportunity_board,
        derived={"amount": ("amount_company", "weighted_amount")},
    )
)

# The customer's page lists its deals (the customer hub does not know about sales).
add_related(
    "account",
    Related("opportunity", "account", _("Opportunities"), ("name", "stage", "amount", "expected_close", "owner")),
)
add_related("contact", Related("opportunity", "contact", _("Opportunities"), ("name", "stage", "amount", "owner")))


def _open_conflicts(user: Any) -> int:
    return visible_conflicts(user).filter(resolved_at__isnull=True).count()


# --- record panels and menu links -----------------------------------------------------------------

add_panel(Panel(views.conflict_panel, types=("account", *ON_CUSTOMER), order=20))
for _key in ("account", *ON_CUSTOMER):
    add_action(_key, SETTLE_ACTION)
add_panel(Panel(views.opportunity_panel, types=("opportunity",)))

# Who opens it is a role operation (settling conflicts), which the page checks itself.
add_page(
    Page(
        "pipeline:conflicts",
        _("Ownership conflicts"),
        reads={"account": ("name", "owner"), "opportunity": ("name", "owner")},
    )
)

add_nav(
    NavItem(
        "conflicts",
        _("Ownership conflicts"),
        "pipeline:conflicts",
        icon="⚠",
        group="work",
        order=20,
        visible=may_settle_conflicts,
        badge=_open_conflicts,
        active=("pipeline:conflicts",),
    )
)

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)
