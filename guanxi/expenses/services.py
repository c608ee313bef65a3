"""Travel plans (出差计划) and expense reports (报销单). A trip is planned, approved, made and
recorded; an expense report collects lines with their receipts, is submitted for approval (the
approval processes of the platform), is locked once approved and goes back to its submitter with
the approver's comment when rejected. Totals by person and by customer for the finance side."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.automation import approvals
from guanxi.automation.choices import Decision
from guanxi.automation.models import ApprovalAction
from guanxi.catalogue.selectors import is_currency
from guanxi.catalogue.services import company_currency, to_company
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.money import cents, money_sum
from guanxi.records.services import RecordService, save_attachment, visible_record

from .choices import ExpenseStatus, TravelStatus
from .models import ExpenseLine, ExpenseReport, TravelLink, TravelPlan

TRAVEL_LINKABLE = ("account", "activity")


def _by_approval(actor: Actor) -> bool:
    return actor.user is None or actor.source == Source.APPROVAL


# What the manager approved of a trip: changing any of it sends the trip back for approval.
APPROVED_TERMS = ("purpose", "destination", "starts_on", "ends_on", "planned", "budget", "owner")


class TravelPlanService(RecordService):
    """A trip returns after it leaves; "waiting for approval" and "approved" are the approval's to
    set; a trip is closed as done only with its record written. An approved trip whose plan changes
    (dates, destination, budget…) goes back to "planned" and needs approval again; writing its
    record, closing or cancelling it does not."""

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, TravelPlan)
        stored = getattr(obj, "_stored", None)
        if stored is None or stored.status != TravelStatus.APPROVED or obj.status != TravelStatus.APPROVED:
            return  # closing or cancelling an approved trip is no change of its plan
        if _by_approval(actor):
            return
        if any(
            getattr(obj, f) != getattr(stored, f) for f in (n if n != "owner" else "owner_id" for n in APPROVED_TERMS)
        ):
            obj.status = TravelStatus.PLANNED  # the approval was for the plan as it was

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, TravelPlan)
        if obj.ends_on < obj.starts_on:
            raise ValidationError({"ends_on": [_("The end cannot come before the start.")]})
        stored = getattr(obj, "_stored", None)
        old = stored.status if stored is not None else TravelStatus.PLANNED
        if obj.status != old and obj.status in (TravelStatus.REVIEW, TravelStatus.APPROVED) and not _by_approval(actor):
            raise ValidationError({"status": [_("Submit the plan for approval; the approval sets this status.")]})
        if obj.status == TravelStatus.DONE and not obj.report.strip():
            raise ValidationError({"report": [_("Write the record of the trip before closing it.")]})

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, TravelPlan)
        return f"{obj.purpose} {obj.destination}"


@transaction.atomic
def link_trip(plan: TravelPlan, key: str, pk: Any, *, actor: Actor) -> TravelLink:
    """Say which customer or activity the trip is for (one the actor may see)."""
    if key not in TRAVEL_LINKABLE:
        raise ValidationError({"object_type": [_("Link a customer or an activity.")]})
    registry.get("travel_plan").service.check_writable(plan, actor=actor)
    target = visible_record(actor, key, pk, field=key)
    link, _created = TravelLink.objects.get_or_create(plan=plan, object_type=key, object_id=target.pk)
    return link


@transaction.atomic
def unlink_trip(plan: TravelPlan, link_id: Any, *, actor: Actor) -> None:
    registry.get("travel_plan").service.check_writable(plan, actor=actor)
    if not TravelLink.objects.filter(plan=plan, pk=link_id).delete()[0]:
        raise ValidationError({"link": [_("This trip has no such link (it may have been removed already).")]})


def submit_trip(plan: TravelPlan, *, actor: Actor, comment: str = "") -> Any:
    if plan.status != TravelStatus.PLANNED:
        raise ValidationError({"status": [_("Only a planned trip is submitted for approval.")]})
    return approvals.submit(plan, actor=actor, comment=comment)


# --- expense reports ----------------------------------------------------------------------------------


class ExpenseReportService(RecordService):
    """The report's trip and customer must be ones its author may see; its status is the approval's
    to set; approved, it is locked for everyone."""

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, ExpenseReport)
        stored = getattr(obj, "_stored", None)
        if obj.status == ExpenseStatus.REVIEW and (stored is None or stored.status != ExpenseStatus.REVIEW):
            obj.submitted_at = timezone.now()

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, ExpenseReport)
        stored = getattr(obj, "_stored", None)
        if stored is not None and stored.status == ExpenseStatus.APPROVED:
            raise ValidationError({"status": [_("An approved expense report is locked.")]})
        old = stored.status if stored is not None else ExpenseStatus.DRAFT
        if obj.status != old and not _by_approval(actor):
            raise ValidationError({"status": [_("Submit the report for approval; the approval sets its status.")]})
        for name in ("travel_plan", "account"):
            value = getattr(obj, f"{name}_id")
            if value is not None and (stored is None or getattr(stored, f"{name}_id") != value):
                visible_record(actor, name if name == "account" else "travel_plan", value, field=name)

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, ExpenseReport)
        return f"{obj.title} {obj.notes}"


def _editable_report(report: ExpenseReport, actor: Actor) -> ExpenseReport:
    registry.get("expense_report").service.check_writable(report, actor=actor)
    report = ExpenseReport.all_objects.select_for_update().get(pk=report.pk)
    if report.status not in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED):
        raise ValidationError({"lines": [_("Lines change only while the report is a draft or was rejected.")]})
    return report


def _retotal(report: ExpenseReport, actor: Actor) -> ExpenseReport:
    total = money_sum(ExpenseLine.objects.filter(report=report), "amount_company")
    return registry.get("expense_report").service.update(report, {"total": total}, actor=actor)


@transaction.atomic
def add_expense(report: ExpenseReport, data: dict[str, Any], *, actor: Actor, receipt: Any = None) -> ExpenseLine:
    """Add a line (category, date, amount, currency, description) with its invoice or receipt."""
    report = _editable_report(report, actor)
    day = data.get("day") or timezone.localdate()
    if isinstance(day, datetime.date) and day > timezone.localdate():
        raise ValidationError({"day": [_("An expense is claimed after it was spent.")]})
    currency = data.get("currency") or company_currency()
    if not is_currency(currency):
        raise ValidationError(
            {"currency": [_("“{code}” is not a currency Guanxi knows (e.g. CNY, USD, HKD).").format(code=currency)]}
        )
    line = ExpenseLine(
        report=report,
        category=data.get("category") or "",
        day=day,
        amount=data.get("amount"),
        currency_id=currency,
        description=str(data.get("description") or "")[:255],
        sort=report.lines.count(),
    )
    line.full_clean(exclude=["report", "receipt"])
    line.amount_company = to_company(Decimal(line.amount), line.currency_id, line.day)
    if receipt is not None:
        line.receipt = save_attachment("expense_report", report, receipt, user=actor.user)
    line.save()
    _retotal(report, actor)
    return line


@transaction.atomic
def remove_expense(report: ExpenseReport, line_id: Any, *, actor: Actor) -> None:
    report = _editable_report(report, actor)
    if not ExpenseLine.objects.filter(report=report, pk=line_id).delete()[0]:
        raise ValidationError({"line": [_("This report has no such line (it may have been removed already).")]})
    _retotal(report, actor)


def submit_expenses(report: ExpenseReport, *, actor: Actor, comment: str = "") -> Any:
    """Submit a draft (or a rejected report, mended) for approval."""
    if report.status not in (ExpenseStatus.DRAFT, ExpenseStatus.REJECTED):
        raise ValidationError({"status": [_("This report was already submitted.")]})
    if not report.lines.exists():
        raise ValidationError({"lines": [_("Add at least one expense before submitting.")]})
    return approvals.submit(report, actor=actor, comment=comment)


def rejection(report: ExpenseReport) -> ApprovalAction | None:
    """The approver's comment when the report was last rejected (shown while it is back with its author)."""
    if report.status != ExpenseStatus.REJECTED:
        return None
    return (
        ApprovalAction.objects.filter(
            request__object_type="expense_report", request__object_id=report.pk, decision=Decision.REJECTED
        )
        .select_related("actor")
        .order_by("-at")
        .first()
    )


def expense_totals(reports: models.QuerySet[ExpenseReport]) -> dict[str, Any]:
    """Approved expenses (company currency) of an access-scoped queryset, by person and by customer."""
    approved = reports.filter(status=ExpenseStatus.APPROVED).order_by()
    by_person = list(
        approved.values("owner_id", "owner__display_name", "owner__username")
        .annotate(total=Sum("total"), n=models.Count("pk"))
        .order_by("-total")
    )
    by_customer = list(
        approved.filter(account__isnull=False)
        .values("account_id", "account__name")
        .annotate(total=Sum("total"), n=models.Count("pk"))
        .order_by("-total")[:100]
    )
    return {
        "by_person": by_person,
        "by_customer": by_customer,
        "total": cents(approved.aggregate(s=Sum("total"))["s"]),
    }
