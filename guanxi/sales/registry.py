"""How the sales objects register with the platform."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import Board, ObjectType, Related, add_related, register

from .activities import ActivityService
from .models import Activity, Opportunity, Pipeline, PriceBook, Product, Stage
from .services import OpportunityService, PriceBookService, ProductService


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
    )


register(
    ObjectType(
        key="product",
        model=Product,
        service=ProductService(),
        icon="📦",
        order=40,
        owner_field=None,
        list_columns=("name", "code", "category", "unit", "list_price", "currency", "active", "updated_at"),
        form_fields=(
            "code",
            "name",
            "name_en",
            "name_zh_hant",
            "category",
            "unit",
            "list_price",
            "currency",
            "cost",
            "active",
            "description",
        ),
        filter_fields=("category", "unit", "currency", "active"),
        sort_fields=("updated_at", "created_at", "name", "code", "list_price"),
        search_fields=("name",),
        search_covers=("name", "code", "name_en", "name_zh_hant"),
    )
)

register(
    ObjectType(
        key="price_book",
        model=PriceBook,
        service=PriceBookService(),
        icon="🏷",
        order=45,
        owner_field=None,
        list_columns=("name", "currency", "customer_level", "valid_from", "valid_until", "active", "updated_at"),
        form_fields=("name", "currency", "customer_level", "valid_from", "valid_until", "active"),
        filter_fields=("currency", "customer_level", "active"),
        sort_fields=("updated_at", "created_at", "name"),
        search_fields=("name",),
    )
)

register(
    ObjectType(
        key="opportunity",
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
    )
)

# The customer's page lists its deals (the customer hub does not know about sales).
add_related(
    "account",
    Related("opportunity", "account", _("Opportunities"), ("name", "stage", "amount", "expected_close", "owner")),
)
add_related("contact", Related("opportunity", "contact", _("Opportunities"), ("name", "stage", "amount", "owner")))

register(
    ObjectType(
        key="activity",
        model=Activity,
        service=ActivityService(),
        title_field="subject",
        icon="📅",
        order=35,
        list_columns=("subject", "kind", "activity_type", "status", "starts_at", "account", "owner"),
        form_fields=(
            "subject",
            "kind",
            "activity_type",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "account",
            "contact",
            "opportunity",
            "outcome",
            "reminder_minutes",
            "recurrence",
            "recurrence_until",
            "owner",
            "description",
        ),
        detail_fields=(
            "subject",
            "kind",
            "activity_type",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "account",
            "contact",
            "opportunity",
            "outcome",
            "done_at",
            "reminder_minutes",
            "recurrence",
            "recurrence_until",
            "owner",
            "department",
            "description",
            "created_at",
            "updated_at",
        ),
        filter_fields=("kind", "activity_type", "status", "owner", "department", "account", "opportunity"),
        sort_fields=("starts_at", "updated_at", "created_at"),
        default_sort="-starts_at",
        search_fields=("subject",),
        search_covers=("subject", "location", "outcome"),
        stage_field="status",
    )
)
for _key, _columns in (
    ("account", ("subject", "kind", "status", "starts_at", "owner")),
    ("contact", ("subject", "kind", "status", "starts_at", "owner")),
    ("opportunity", ("subject", "kind", "status", "starts_at", "owner")),
):
    add_related(_key, Related("activity", _key, _("Activities"), _columns))
