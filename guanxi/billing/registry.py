"""How quotes, orders, contracts, invoices and payments register with the platform, their lists on the
pages they belong to, and the contract reminders' periodic job."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import (
    Job,
    NavItem,
    ObjectType,
    Page,
    Panel,
    Related,
    add_action,
    add_job,
    add_nav,
    add_page,
    add_panel,
    add_related,
    register,
)
from guanxi.web.pages import page_visible

from . import views
from .actions import ACTIONS
from .models import Contract, Invoice, Payment, Quote, SalesOrder
from .services import (
    BALANCE_FIELDS,
    ContractService,
    InvoiceService,
    OrderService,
    PaymentService,
    QuoteService,
    send_contract_reminders,
)

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


def _contract_round() -> str:
    renewals, expired = send_contract_reminders()
    return f"{renewals} renewal reminders, {expired} expired"


add_job(
    Job(
        "contract_renewals",
        _("Contract renewal reminders and expiry"),
        _contract_round,
        datetime.timedelta(hours=1),
    )
)

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)


# --- record panels and menu links -----------------------------------------------------------------

add_panel(Panel(views.quote_panel, types=("quote",)))
add_panel(Panel(views.order_panel, types=("order",)))
add_panel(Panel(views.invoice_panel, types=("invoice",)))
add_panel(Panel(views.contract_panel, types=("contract",)))

add_page(
    Page(
        "billing:receivables",
        _("Receivables"),
        reads={"invoice": ("number", "account", "due_on", "currency", *BALANCE_FIELDS)},
        needs={"invoice": BALANCE_FIELDS},
        api=("/api/v1/sales/receivables",),
    )
)
add_page(
    Page(
        "billing:ledger",
        _("Contract ledger"),
        reads={
            "contract": ("number", "name", "account", "owner", "status", "signed_on", "starts_on", "ends_on", "value"),
            "invoice": ("amount", "paid_amount", "balance"),
        },
    )
)

for _item in (
    NavItem(
        "receivables",
        _("Receivables"),
        "billing:receivables",
        icon="⏳",
        order=210,
        visible=page_visible("billing:receivables"),
        active=("billing:receivables",),
    ),
    NavItem(
        "ledger",
        _("Contract ledger"),
        "billing:ledger",
        icon="📒",
        order=220,
        visible=page_visible("billing:ledger"),
        active=("billing:ledger",),
    ),
):
    add_nav(_item)
