"""How the sales objects register with the platform."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from guanxi.access.choices import Operation as Op
from guanxi.access.choices import Scope as S
from guanxi.access.scoping import can_any, fields
from guanxi.core.registry import (
    Board,
    Job,
    NavItem,
    ObjectType,
    Panel,
    Related,
    add_action,
    add_job,
    add_nav,
    add_panel,
    add_related,
    register,
)

from . import document_views, views
from .actions import ACTIONS
from .activities import ActivityService, send_due_reminders
from .conflicts import ON_CUSTOMER, may_settle_conflicts, visible_conflicts
from .documents import (
    BALANCE_FIELDS,
    ContractService,
    InvoiceService,
    OrderService,
    PaymentService,
    QuoteService,
    send_contract_reminders,
)
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
from .territories import may_manage_territories
from .travel import ExpenseReportService, TravelPlanService
from .worklogs import WorkLogService

# The product catalogue and price books have no owner: everyone reads and exports them (a price
# list), only administrators change them.
CATALOGUE = ("product", "price_book")
_CATALOGUE_READ: dict[str, int] = {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.ALL, Op.EXPORT: S.ALL}
_SEEDED = ("sales_manager", "sales_rep", "service_agent")
CATALOGUE_GRANTS: dict[str, Mapping[str, int]] = dict.fromkeys(_SEEDED, _CATALOGUE_READ)


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
        default_grants=CATALOGUE_GRANTS,
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
        default_grants=CATALOGUE_GRANTS,
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
        derived={"amount": ("amount_company", "weighted_amount")},
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
        derived={"total": ("total_company",)},
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
        derived={"total": ("total_company",)},
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
        derived={"value": ("value_company",)},
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
        derived={"amount": ("amount_company",), "balance": ("balance_company",)},
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
        derived={"amount": ("amount_company",)},
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
        # A representative reads their own targets, which their managers set; an agent has none.
        default_grants={
            "sales_rep": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.EXPORT: S.OWN},
            "service_agent": dict.fromkeys(Op, S.NONE),
        },
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
        # A manager reads the team's logs but writes only their own; nobody deletes one.
        default_grants={
            "sales_manager": {
                **dict.fromkeys(Op, S.NONE),
                Op.VIEW: S.SUBTREE,
                Op.CREATE: S.ALL,
                Op.EDIT: S.OWN,
                Op.EXPORT: S.SUBTREE,
            },
            "sales_rep": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
            "service_agent": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
        },
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


# --- record actions, panels and module pages ---------------------------------------------------------

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)

# --- record panels and module pages ----------------------------------------------------------------

add_panel(Panel(views.conflict_panel, types=("account", *ON_CUSTOMER), order=20))
add_panel(Panel(views.opportunity_panel, types=("opportunity",)))
add_panel(Panel(views.activity_panel, types=("activity",)))
add_panel(Panel(document_views.quote_panel, types=("quote",)))
add_panel(Panel(document_views.order_panel, types=("order",)))
add_panel(Panel(document_views.invoice_panel, types=("invoice",)))
add_panel(Panel(document_views.contract_panel, types=("contract",)))
add_panel(Panel(document_views.work_log_panel, types=("work_log",)))
add_panel(Panel(document_views.travel_panel, types=("travel_plan",)))
add_panel(Panel(document_views.expense_panel, types=("expense_report",)))


def _sees(key: str, *figures: str) -> Callable[[Any], bool]:
    """Shown to whoever may see some records of `key` and read every field the page sums."""

    def visible(user: Any) -> bool:
        return can_any(user, key, Op.VIEW) and fields(user, key).can_read_all(*figures)

    return visible


def _open_conflicts(user: Any) -> int:
    return visible_conflicts(user).filter(resolved_at__isnull=True).count()


for _item in (
    NavItem(
        "sales_dashboard",
        _("Sales dashboard"),
        "sales:dashboard",
        icon="📊",
        order=5,
        visible=_sees("opportunity"),
        active=("sales:dashboard", "sales:targets"),
    ),
    NavItem(
        "calendar",
        _("Calendar"),
        "sales:calendar",
        icon="🗓",
        order=200,
        visible=_sees("activity"),
        active=("sales:calendar",),
    ),
    NavItem(
        "receivables",
        _("Receivables"),
        "sales:receivables",
        icon="⏳",
        order=210,
        visible=_sees("invoice", *BALANCE_FIELDS),
        active=("sales:receivables",),
    ),
    NavItem(
        "ledger",
        _("Contract ledger"),
        "sales:ledger",
        icon="📒",
        order=220,
        visible=_sees("contract"),
        active=("sales:ledger",),
    ),
    NavItem(
        "expense_summary",
        _("Expenses by person and customer"),
        "sales:expense_summary",
        icon="💴",
        order=230,
        visible=_sees("expense_report", "total"),
        active=("sales:expense_summary",),
    ),
    NavItem(
        "conflicts",
        _("Ownership conflicts"),
        "sales:conflicts",
        icon="⚠",
        group="work",
        order=20,
        visible=may_settle_conflicts,
        badge=_open_conflicts,
        active=("sales:conflicts",),
    ),
    NavItem(
        "territories",
        _("Territories"),
        "sales:territories",
        icon="🗺",
        group="work",
        order=30,
        visible=may_manage_territories,
        active=("sales:territories",),
    ),
):
    add_nav(_item)


# --- periodic jobs (run by the worker's scheduler; `guanxi remind` runs them at once) --------------


def _contract_round() -> str:
    renewals, expired = send_contract_reminders()
    return f"{renewals} renewal reminders, {expired} expired"


add_job(Job("activity_reminders", _("Activity reminders"), send_due_reminders, datetime.timedelta(minutes=1)))
add_job(
    Job(
        "contract_renewals",
        _("Contract renewal reminders and expiry"),
        _contract_round,
        datetime.timedelta(hours=1),
    )
)
