"""The record actions of travel plans and expense reports (registry.ObjectAction): each names the service it calls, the
right it needs, what it makes and when the record's state allows it. The platform turns each into
the button on the record's page, its POST and its API endpoint (POST /api/v1/<key>/{id}/actions/<name>)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guanxi.automation import approvals
from guanxi.core.registry import ActionInput, ObjectAction

from .choices import ExpenseStatus, TravelStatus
from .services import submit_expenses, submit_trip

TRIP_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the trip is for"))


EXPENSE_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the expenses were for"))


TRAVEL_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda plan, actor, data: submit_trip(plan, actor=actor, comment=data["comment"]),
        available=lambda plan: (
            plan.status == TravelStatus.PLANNED
            and approvals.pending(plan) is None
            and approvals.required(plan) is not None
        ),
        inputs=(TRIP_COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit a planned trip for approval"),
    ),
)


EXPENSE_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda report, actor, data: submit_expenses(report, actor=actor, comment=data["comment"]),
        available=lambda report: (
            report.status in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED) and approvals.pending(report) is None
        ),
        inputs=(EXPENSE_COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit an expense report for approval"),
    ),
)


ACTIONS = {
    "travel_plan": TRAVEL_ACTIONS,
    "expense_report": EXPENSE_ACTIONS,
}
