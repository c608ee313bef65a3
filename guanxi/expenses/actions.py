"""The record actions of travel plans and expense reports (registry.ObjectAction): each names the
service it calls, the right it needs, what it makes and when the record's state allows it. The
platform turns each into the button or panel form on the record's page, its POST and its API
endpoint (POST /api/v1/<plural>/{id}/actions/<name>)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.automation import approvals
from guanxi.core import registry
from guanxi.core.registry import ActionInput, ObjectAction

from .choices import ExpenseStatus, TravelStatus
from .forms import ExpenseLineUploadForm, LineRefForm, LinkRefForm, TravelLinkForm
from .services import TRAVEL_LINKABLE, add_expense, link_trip, remove_expense, submit_expenses, submit_trip, unlink_trip

TRIP_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the trip is for"))


EXPENSE_COMMENT = ActionInput("comment", _("Comment for the approver"), placeholder=_("What the expenses were for"))


def _link(plan: Any, actor: Any, data: dict[str, Any]) -> None:
    chosen = [(key, data[key]) for key in TRAVEL_LINKABLE if data.get(key)]
    if not chosen:
        raise ValidationError({"account": [gettext("Choose a customer or an activity.")]})
    for key, value in chosen:
        link_trip(plan, key, value, actor=actor)


TRIP_RECORD = ActionInput(
    "report",
    _("Record of the trip"),
    multiline=True,
    max_length=10000,
    placeholder=_("Whom you met, what was agreed, what comes next (empty: the record already written)"),
)


def _close_trip(plan: Any, actor: Any, data: dict[str, Any]) -> Any:
    changes: dict[str, Any] = {"status": TravelStatus.DONE}
    if data.get("report"):
        changes["report"] = data["report"]
    return registry.get("travel_plan").service.update(plan, changes, actor=actor)


def _closable(plan: Any) -> bool:
    """Approved — or planned, when no approval is asked of a trip like it."""
    if plan.status == TravelStatus.APPROVED:
        return True
    return bool(
        plan.status == TravelStatus.PLANNED and approvals.pending(plan) is None and approvals.required(plan) is None
    )


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
    ObjectAction(
        "close",
        _("Close the trip"),
        _close_trip,
        available=_closable,
        inputs=(TRIP_RECORD,),
        done=_("Trip closed."),
        summary=_("Close a trip that took place, with its record (whom you met, what was agreed)"),
    ),
    ObjectAction(
        "link",
        _("Link"),
        _link,
        form=TravelLinkForm,
        in_header=False,
        repeatable=True,
        done=_("Linked."),
        summary=_("Say which customers and activities a trip is for"),
    ),
    ObjectAction(
        "unlink",
        _("Remove"),
        lambda plan, actor, data: unlink_trip(plan, data["link"], actor=actor),
        form=LinkRefForm,
        in_header=False,
        repeatable=True,
        done=_("Link removed."),
        summary=_("Remove a customer or an activity from a trip"),
    ),
)


def _open_for_lines(report: Any) -> bool:
    """A draft, or a rejected report being mended, that no approval is waiting on."""
    return bool(report.status in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED) and approvals.pending(report) is None)


def add_line(report: Any, actor: Any, data: dict[str, Any]) -> Any:
    """The service call of add_line, with the line's receipt when the page uploaded one (a file,
    which a JSON body does not carry)."""
    receipt = data.get("receipt")
    data = {k: v for k, v in data.items() if k != "receipt"}
    data["currency"] = (data.get("currency") or "").upper() or None
    return add_expense(report, data, actor=actor, receipt=receipt)


ADD_LINE = ObjectAction(
    "add_line",
    _("Add expense"),
    add_line,
    available=_open_for_lines,
    form=ExpenseLineUploadForm,
    in_header=False,
    repeatable=True,
    done=_("Expense added."),
    summary=_("Add an expense line to a draft or rejected expense report"),
)


EXPENSE_ACTIONS = (
    ObjectAction(
        "submit",
        _("Submit for approval"),
        lambda report, actor, data: submit_expenses(report, actor=actor, comment=data["comment"]),
        available=_open_for_lines,
        inputs=(EXPENSE_COMMENT,),
        done=_("Submitted for approval."),
        primary=True,
        summary=_("Submit an expense report for approval"),
    ),
    ADD_LINE,
    ObjectAction(
        "remove_line",
        _("Remove"),
        lambda report, actor, data: remove_expense(report, data["line"], actor=actor),
        available=_open_for_lines,
        form=LineRefForm,
        in_header=False,
        repeatable=True,
        done=_("Line removed."),
        summary=_("Remove a line from a draft or rejected expense report"),
    ),
)


ACTIONS = {
    "travel_plan": TRAVEL_ACTIONS,
    "expense_report": EXPENSE_ACTIONS,
}
