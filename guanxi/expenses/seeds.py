"""Reference data travel and expenses start with: the expense categories (a picklist) and the
travel and expense approvals (出差审批, 报销审批). All of it is editable afterwards. Seeded on
migrate by the app's own handler (apps.py), after access's, which seeds the administrator role
the expense report's second step names."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.access.models import Role
from guanxi.automation import approvals
from guanxi.automation.choices import ApproverKind, ProcessKind
from guanxi.automation.models import ApprovalProcess, ApprovalStep
from guanxi.studio.services import ensure_picklist

from .choices import ExpenseStatus, TravelStatus

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "expense_category": (
        gettext_noop("Expense category"),  # stored as is; pages translate it
        [
            ("transport", "Transport", "交通费", "交通費"),
            ("lodging", "Lodging", "住宿费", "住宿費"),
            ("meals", "Meals", "餐费", "餐費"),
            ("entertainment", "Business entertainment", "业务招待费", "業務招待費"),
            ("communication", "Communication", "通讯费", "通訊費"),
            ("other", "Other", "其他", "其他"),
        ],
    ),
}


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def ensure_travel_approvals() -> None:
    """Trips go to the traveller's manager; expense reports to the manager, then an administrator
    (出差审批, 报销审批). A rejected report goes back to its author with the comment."""

    # Only what can still be submitted: a planned trip; a draft or rejected report with expenses.
    travel_when = [{"field": "status", "op": "eq", "value": TravelStatus.PLANNED}]
    expense_when = [
        {"field": "status", "op": "in", "value": f"{ExpenseStatus.DRAFT},{ExpenseStatus.REJECTED}"},
        {"field": "total", "op": "gt", "value": "0"},
    ]
    for key, names, on_reject, steps, conditions in (
        (
            "travel_plan",
            ("Travel plan", "出差审批", "出差審批"),
            TravelStatus.PLANNED,
            [ApproverKind.MANAGER],
            travel_when,
        ),
        (
            "expense_report",
            ("Expense report", "报销审批", "報銷審批"),
            ExpenseStatus.REJECTED,
            [ApproverKind.MANAGER, ApproverKind.ROLE],
            expense_when,
        ),
    ):
        if ApprovalProcess.objects.filter(object_type=key).exists():
            continue
        process = ApprovalProcess.objects.create(
            name=names[0],
            name_zh_hans=names[1],
            name_zh_hant=names[2],
            object_type=key,
            kind=ProcessKind.SUBMISSION,
            conditions=conditions,
            on_submit={"status": "review"},
            on_approve={"status": "approved"},
            on_reject={"status": on_reject},
        )
        for order, kind in enumerate(steps, start=1):
            role = Role.objects.filter(key="administrator").first() if kind == ApproverKind.ROLE else None
            ApprovalStep.objects.create(process=process, order=order, approver_kind=kind, role=role)
    approvals.forget_processes()


@transaction.atomic
def ensure_expenses_reference() -> None:
    """Create what is missing; never overwrite what an administrator changed."""
    ensure_picklists()
    ensure_travel_approvals()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_expenses_reference()
