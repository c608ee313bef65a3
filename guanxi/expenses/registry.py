"""How travel plans and expense reports register with the platform."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import (
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
from guanxi.web.pages import page_visible

from . import views
from .actions import ACTIONS
from .models import ExpenseReport, TravelPlan
from .services import ExpenseReportService, TravelPlanService

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

for _key, _actions in ACTIONS.items():
    for _action in _actions:
        add_action(_key, _action)


# --- record panels and menu links -----------------------------------------------------------------

add_panel(Panel(views.travel_panel, types=("travel_plan",)))
add_panel(Panel(views.expense_panel, types=("expense_report",)))

add_page(
    Page(
        "expenses:expense_summary",
        _("Expenses by person and customer"),
        reads={"expense_report": ("owner", "account", "status", "total")},
        needs={"expense_report": ("total",)},
    )
)

add_nav(
    NavItem(
        "expense_summary",
        _("Expenses by person and customer"),
        "expenses:expense_summary",
        icon="💴",
        order=230,
        visible=page_visible("expenses:expense_summary"),
        active=("expenses:expense_summary",),
    )
)
