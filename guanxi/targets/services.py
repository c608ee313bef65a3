"""Sales targets (销售目标) and their attainment: what was set for a person, a department or the
company for a month, quarter or year, beside what was achieved — deals won (amount or number),
payments received, new customers — from the same records the rest of sales reads."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.models import Department
from guanxi.access.scoping import fields
from guanxi.billing import selectors as billing_selectors
from guanxi.core.actor import Actor
from guanxi.core.dates import quarter_bounds
from guanxi.core.money import cents
from guanxi.customers import selectors as customer_selectors
from guanxi.pipeline import selectors as pipeline_selectors
from guanxi.records.services import RecordService

from .choices import PeriodKind, TargetMetric, TargetScope
from .models import Target


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month, quarter or year `day` falls in."""
    if kind == PeriodKind.YEAR:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if kind == PeriodKind.QUARTER:
        return quarter_bounds(day)
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


def period_label(kind: str, start: datetime.date) -> str:
    if kind == PeriodKind.YEAR:
        return str(start.year)
    if kind == PeriodKind.QUARTER:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


class TargetService(RecordService):
    """A person's target belongs to them (and so to their department); a department's to that
    department; the company's to nobody. The period starts on its first day; one target per
    measure, period and who."""

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Target)
        if obj.scope != TargetScope.USER:
            obj.owner = None
            obj.department_id = obj.team_id if obj.scope == TargetScope.DEPARTMENT else None
        if obj.scope != TargetScope.DEPARTMENT:
            obj.team = None
        if obj.starts_on:
            obj.starts_on, obj.ends_on = period_bounds(obj.period, obj.starts_on)
        who = {
            TargetScope.USER: str(obj.owner or ""),
            TargetScope.DEPARTMENT: str(obj.team or ""),
            TargetScope.COMPANY: str(settings.GUANXI_COMPANY_NAME),
        }[TargetScope(obj.scope)]
        if not obj.name.strip():
            obj.name = f"{period_label(obj.period, obj.starts_on)} · {who}" if obj.starts_on else who

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Target)
        if obj.scope == TargetScope.USER and obj.owner_id is None:
            raise ValidationError({"owner": [_("Choose the person this target is for.")]})
        if obj.scope == TargetScope.DEPARTMENT and obj.team_id is None:
            raise ValidationError({"team": [_("Choose the department this target is for.")]})
        twin = Target.objects.filter(
            scope=obj.scope,
            owner_id=obj.owner_id,
            team_id=obj.team_id,
            metric=obj.metric,
            period=obj.period,
            starts_on=obj.starts_on,
        ).exclude(pk=obj.pk)
        if twin.exists():
            raise ValidationError({"starts_on": [_("There is already such a target for this period.")]})

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Target)
        return obj.name


def _who(target: Target) -> Q:
    """Whose records count for the target: the person's, the department's (with those below), all."""
    if target.scope == TargetScope.USER:
        return Q(owner_id=target.owner_id)
    if target.scope == TargetScope.DEPARTMENT and target.team is not None:
        teams = Department.objects.filter(path__startswith=target.team.path).values("pk")
        return Q(department_id__in=teams)
    return Q()


def _achieved(metric: str, who: Q, start: datetime.date, end: datetime.date) -> models.QuerySet:
    if metric in (TargetMetric.WON_AMOUNT, TargetMetric.WON_COUNT):
        return pipeline_selectors.won_between(who, start, end)
    if metric == TargetMetric.RECEIVED:
        return billing_selectors.payments_between(who, start, end)
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
    return customer_selectors.accounts().filter(who, created_at__gte=since, created_at__lt=until)


def _measure(metric: str) -> Any:
    if metric == TargetMetric.WON_AMOUNT:
        return Sum("amount_company")
    if metric == TargetMetric.RECEIVED:
        return Sum("amount_company")
    return Count("pk")


def actual(target: Target) -> Decimal:
    """What was achieved towards the target in its period."""
    value = (
        _achieved(target.metric, _who(target), target.starts_on, target.ends_on)
        .order_by()
        .aggregate(v=_measure(target.metric))["v"]
    )
    return cents(value)


# The fields what a metric achieves is drawn from: a user whose role hides one of them is not shown
# the achievement (their targets, yes; what was won or received against them, no).
METRIC_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    TargetMetric.WON_AMOUNT: ("opportunity", ("amount", "amount_company")),
    TargetMetric.RECEIVED: ("payment", ("amount", "amount_company")),
}


def may_measure(user: Any, metric: str) -> bool:
    """Whether this user may read what a metric is measured from."""
    source = METRIC_SOURCES.get(metric)
    return source is None or fields(user, source[0]).can_read_all(*source[1])


def attainment(targets: list[Target], *, measured: bool = True) -> list[dict[str, Any]]:
    """Each target with what was achieved and the share of it (%); with `measured` False (the
    reader may not read what it is measured from), the targets alone, achieved None."""
    rows: list[dict[str, Any]] = []
    for target in targets:
        if not measured:
            rows.append({"target": target, "actual": None, "percent": None})
            continue
        done = actual(target)
        share = (done / target.value * 100).quantize(Decimal("0.1")) if target.value else None
        rows.append({"target": target, "actual": done, "percent": share})
    return rows


def monthly(target_qs: models.QuerySet[Target], metric: str, who: Q, year: int) -> list[dict[str, Any]]:
    """Month by month in a year: the monthly targets (summed over the queryset given) and what was
    achieved by `who` — for the target-versus-actual chart."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    date_field = {TargetMetric.RECEIVED: "received_on", TargetMetric.NEW_CUSTOMERS: "created_at"}.get(
        TargetMetric(metric), "closed_on"
    )
    achieved = {
        row["month"].month: cents(row["v"])
        for row in _achieved(metric, who, start, end)
        .order_by()
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(v=_measure(metric))
    }
    # A month's target: the monthly targets set for it, else its share of the quarter's (a third)
    # or of the year's (a twelfth) — however the targets were set, the chart has a bar each month.
    shares = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
    found: dict[str, dict[int, Decimal]] = {kind: {} for kind in shares}
    rows = (
        target_qs.filter(metric=metric, starts_on__year=year)
        .order_by()
        .values("period", "starts_on")
        .annotate(v=Sum("value"))
    )
    for row in rows:
        months = range(row["starts_on"].month, row["starts_on"].month + shares[row["period"]])
        for m in months:
            found[row["period"]][m] = found[row["period"]].get(m, Decimal(0)) + row["v"] / shares[row["period"]]
    targets = {}
    for m in range(1, 13):
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            if m in found[kind]:
                targets[m] = cents(found[kind][m])
                break
    return [{"month": m, "target": targets.get(m), "actual": achieved.get(m, cents(0))} for m in range(1, 13)]
