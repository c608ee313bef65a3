"""How the sales objects register with the platform."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import Board, ObjectType, Related, add_related, register

from .activities import ActivityService
from .documents import ContractService, InvoiceService, OrderService, PaymentService, QuoteService
from .models import (
    Activity,
    Contract,
    ExpenseReport,
    Invoice,
    Opportunity,
    Payment,
    Pipeline,
    PriceBook,
    Product,
    Quote,
    SalesOrder,
    Stage,
    Target,
    TravelPlan,
    WorkLog,
)
from .rollups import stage_totals
from .services import OpportunityService, PriceBookService, ProductService
from .targets import TargetService
from .travel import ExpenseReportService, TravelPlanService
from .worklogs import WorkLogService


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

# --- quotes, orders, contracts, invoices and payments ----------------------------------------------

TOTALS = ("subtotal", "discount_amount", "tax_amount", "total", "max_discount")

register(
    ObjectType(
        key="quote",
        open_links=("account",),  # on another owner's customer: an ownership conflict
        model=Quote,
        service=QuoteService(),
        title_field="subject",
        icon="🧾",
        order=50,
        list_columns=(
            "number",
            "revision",
            "subject",
            "account",
            "status",
            "total",
            "currency",
            "valid_until",
            "owner",
        ),
        form_fields=(
            "number",
            "subject",
            "account",
            "contact",
            "opportunity",
            "status",
            "quote_date",
            "valid_until",
            "currency",
            "language",
            "owner",
            "notes",
        ),
        detail_fields=(
            "number",
            "revision",
            "subject",
            "account",
            "contact",
            "opportunity",
            "status",
            "quote_date",
            "valid_until",
            "currency",
            "subtotal",
            "discount_amount",
            "tax_amount",
            "total",
            "total_company",
            "max_discount",
            "language",
            "previous",
            "owner",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "account", "opportunity", "currency"),
        sort_fields=("updated_at", "created_at", "quote_date", "valid_until", "total_company", "number"),
        search_fields=("number",),
        search_covers=("number", "subject"),
        stage_field="status",
        extra={"service_fields": (*TOTALS, "revision", "previous")},
    )
)

register(
    ObjectType(
        key="order",
        open_links=("account",),  # on another owner's customer: an ownership conflict
        model=SalesOrder,
        service=OrderService(),
        title_field="number",
        icon="📦",
        order=55,
        list_columns=("number", "account", "order_date", "status", "total", "currency", "delivery_date", "owner"),
        form_fields=(
            "number",
            "account",
            "contact",
            "opportunity",
            "contract",
            "status",
            "order_date",
            "delivery_date",
            "delivered_on",
            "customer_reference",
            "currency",
            "owner",
            "notes",
        ),
        detail_fields=(
            "number",
            "account",
            "contact",
            "opportunity",
            "quote",
            "contract",
            "status",
            "order_date",
            "delivery_date",
            "delivered_on",
            "customer_reference",
            "currency",
            "subtotal",
            "discount_amount",
            "tax_amount",
            "total",
            "total_company",
            "owner",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "account", "opportunity", "contract", "currency"),
        sort_fields=("order_date", "updated_at", "created_at", "delivery_date", "total_company", "number"),
        default_sort="-order_date",
        search_fields=("number",),
        search_covers=("number", "customer_reference"),
        stage_field="status",
        extra={"service_fields": (*TOTALS, "quote", "approved_discount", "discount_to_approve")},
    )
)

register(
    ObjectType(
        key="contract",
        open_links=("account",),  # on another owner's customer: an ownership conflict
        model=Contract,
        service=ContractService(),
        icon="📜",
        order=60,
        list_columns=("number", "name", "account", "status", "starts_on", "ends_on", "value", "currency", "owner"),
        form_fields=(
            "number",
            "name",
            "account",
            "opportunity",
            "contract_type",
            "status",
            "signed_on",
            "starts_on",
            "ends_on",
            "value",
            "currency",
            "renewal_date",
            "notice_days",
            "owner",
            "terms",
        ),
        detail_fields=(
            "number",
            "name",
            "account",
            "opportunity",
            "contract_type",
            "status",
            "signed_on",
            "starts_on",
            "ends_on",
            "value",
            "currency",
            "value_company",
            "renewal_date",
            "notice_days",
            "renewal_of",
            "owner",
            "department",
            "terms",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "contract_type", "owner", "department", "account", "currency"),
        sort_fields=("updated_at", "created_at", "starts_on", "ends_on", "renewal_date", "value_company", "number"),
        search_fields=("name",),
        search_covers=("number", "name"),
        stage_field="status",
        extra={"service_fields": ("renewal_of",)},
    )
)

register(
    ObjectType(
        key="invoice",
        model=Invoice,
        service=InvoiceService(),
        title_field="number",
        icon="🧮",
        order=65,
        list_columns=("number", "account", "issued_on", "due_on", "amount", "currency", "balance", "status", "owner"),
        form_fields=(
            "number",
            "account",
            "order",
            "contract",
            "issued_on",
            "due_on",
            "amount",
            "currency",
            "status",
            "owner",
            "notes",
        ),
        detail_fields=(
            "number",
            "account",
            "order",
            "contract",
            "issued_on",
            "due_on",
            "amount",
            "currency",
            "amount_company",
            "paid_amount",
            "balance",
            "paid_on",
            "status",
            "owner",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "account", "contract", "currency"),
        sort_fields=("issued_on", "due_on", "updated_at", "created_at", "balance_company", "number"),
        default_sort="-issued_on",
        search_fields=("number",),
        search_covers=("number",),
        extra={"service_fields": ("paid_amount", "paid_on")},
    )
)

register(
    ObjectType(
        key="payment",
        model=Payment,
        service=PaymentService(),
        title_field="reference",
        icon="💰",
        order=70,
        list_columns=("received_on", "account", "invoice", "amount", "currency", "method", "reference", "owner"),
        form_fields=(
            "account",
            "invoice",
            "received_on",
            "amount",
            "currency",
            "method",
            "reference",
            "owner",
            "notes",
        ),
        detail_fields=(
            "account",
            "invoice",
            "received_on",
            "amount",
            "currency",
            "amount_company",
            "method",
            "reference",
            "owner",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("method", "owner", "department", "account", "invoice", "currency"),
        sort_fields=("received_on", "updated_at", "created_at", "amount_company"),
        default_sort="-received_on",
        search_fields=("reference",),
        search_covers=("reference", "notes"),
    )
)

_LABELS = {
    "quote": _("Quotes"),
    "order": _("Orders"),
    "contract": _("Contracts"),
    "invoice": _("Invoices"),
    "payment": _("Payments received"),
}
_DOCUMENT_LISTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("account", "quote", ("number", "subject", "status", "total", "valid_until")),
    ("opportunity", "quote", ("number", "subject", "status", "total", "valid_until")),
    ("account", "order", ("number", "order_date", "status", "total")),
    ("opportunity", "order", ("number", "order_date", "status", "total")),
    ("contract", "order", ("number", "order_date", "status", "total")),
    ("account", "contract", ("number", "name", "status", "ends_on", "value")),
    ("opportunity", "contract", ("number", "name", "status", "ends_on", "value")),
    ("account", "invoice", ("number", "issued_on", "due_on", "amount", "balance", "status")),
    ("contract", "invoice", ("number", "issued_on", "due_on", "amount", "balance", "status")),
    ("order", "invoice", ("number", "issued_on", "due_on", "amount", "balance", "status")),
    ("account", "payment", ("received_on", "amount", "method", "reference")),
    ("invoice", "payment", ("received_on", "amount", "method", "reference")),
)
for _on, _target, _list_columns in _DOCUMENT_LISTS:
    add_related(_on, Related(_target, _on, _LABELS[_target], _list_columns))

register(
    ObjectType(
        key="target",
        model=Target,
        service=TargetService(),
        icon="🎯",
        order=75,
        list_columns=("name", "metric", "period", "starts_on", "value", "scope", "owner", "team"),
        form_fields=("name", "scope", "owner", "team", "metric", "period", "starts_on", "value", "notes"),
        detail_fields=(
            "name",
            "scope",
            "owner",
            "team",
            "metric",
            "period",
            "starts_on",
            "ends_on",
            "value",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("scope", "metric", "period", "owner", "team", "department"),
        sort_fields=("starts_on", "updated_at", "created_at", "value", "name"),
        default_sort="-starts_on",
        search_fields=("name",),
    )
)

register(
    ObjectType(
        key="work_log",
        model=WorkLog,
        service=WorkLogService(),
        title_field="summary",
        icon="📝",
        order=38,
        list_columns=("day", "summary", "status", "owner", "department", "submitted_at"),
        form_fields=("day", "summary", "plan"),
        detail_fields=(
            "day",
            "summary",
            "plan",
            "status",
            "submitted_at",
            "owner",
            "department",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "day"),
        sort_fields=("day", "updated_at", "created_at"),
        default_sort="-day",
        search_fields=("summary",),
        search_covers=("summary", "plan"),
        extra={"service_fields": ("status", "submitted_at")},
    )
)

register(
    ObjectType(
        key="travel_plan",
        model=TravelPlan,
        service=TravelPlanService(),
        title_field="purpose",
        icon="✈",
        order=80,
        list_columns=("purpose", "destination", "starts_on", "ends_on", "status", "owner"),
        form_fields=(
            "purpose",
            "destination",
            "starts_on",
            "ends_on",
            "planned",
            "budget",
            "status",
            "report",
            "owner",
        ),
        detail_fields=(
            "purpose",
            "destination",
            "starts_on",
            "ends_on",
            "status",
            "budget",
            "planned",
            "report",
            "owner",
            "department",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "starts_on"),
        sort_fields=("starts_on", "updated_at", "created_at"),
        default_sort="-starts_on",
        search_fields=("purpose",),
        search_covers=("purpose", "destination"),
        stage_field="status",
    )
)

register(
    ObjectType(
        key="expense_report",
        model=ExpenseReport,
        service=ExpenseReportService(),
        title_field="title",
        icon="🧾",
        order=85,
        list_columns=("title", "status", "total", "travel_plan", "account", "owner", "submitted_at"),
        form_fields=("title", "travel_plan", "account", "notes", "owner"),
        detail_fields=(
            "title",
            "status",
            "total",
            "travel_plan",
            "account",
            "submitted_at",
            "owner",
            "department",
            "notes",
            "created_at",
            "updated_at",
        ),
        filter_fields=("status", "owner", "department", "account", "travel_plan"),
        sort_fields=("updated_at", "created_at", "total", "submitted_at"),
        search_fields=("title",),
        search_covers=("title", "notes"),
        stage_field="status",
        extra={"service_fields": ("status", "total", "submitted_at")},
    )
)
add_related("travel_plan", Related("expense_report", "travel_plan", _("Expense reports"), ("title", "status", "total")))
add_related(
    "account", Related("expense_report", "account", _("Expense reports"), ("title", "status", "total", "owner"))
)
