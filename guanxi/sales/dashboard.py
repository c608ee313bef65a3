"""The sales dashboard, for a representative (their own) and a manager (their team): the funnel,
the weighted forecast for this quarter and the next, won against target, this week's activities,
overdue tasks, overdue receivables, deals at risk, and the funnel's conversion and velocity. Every
figure reads records through the access layer; "mine" narrows that to the user's own. A figure
drawn from a field the user's role hides (the deals' amounts, the invoices' balances) is left out
— None — and so is anything that would let it be worked out, such as the order of the deals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Q
from django.utils import timezone

from guanxi.access.models import User
from guanxi.access.scoping import fields, is_administrator, scope, team_q
from guanxi.activities import selectors as activity_selectors
from guanxi.activities.choices import ActivityStatus
from guanxi.billing.services import reads_balances, receivables_ageing
from guanxi.core.dates import quarter_bounds
from guanxi.core.money import cents
from guanxi.pipeline import selectors as pipeline_selectors
from guanxi.pipeline.choices import Outcome
from guanxi.pipeline.services import conversion, default_pipeline, forecast, pipeline_totals
from guanxi.targets.choices import PeriodKind, TargetMetric, TargetScope
from guanxi.targets.services import monthly

RISK_DAYS = 30  # an open deal with no activity for this long is at risk
CONVERSION_DAYS = 365  # conversion and velocity over the deals created in the last year


def team_filter(user: User) -> Q:
    """Whose records the team view sums: the access layer's one definition of a team."""
    return team_q(user)


def _targets(user: User, team: bool) -> Any:
    """The targets the dashboard compares with: the user's own, or their department's (the
    company's for an administrator) — through the access layer."""
    visible = scope(user, "target")
    if not team:
        return visible.filter(scope=TargetScope.USER, owner=user)
    if is_administrator(user):
        return visible.filter(scope=TargetScope.COMPANY)
    return visible.filter(scope=TargetScope.DEPARTMENT, team_id=user.department_id)


def dashboard(user: User, *, team: bool, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    now = timezone.now()
    amounts = fields(user, "opportunity").can_read_all("amount", "amount_company")
    balances = reads_balances(user)
    mine = Q() if team else Q(owner_id=user.pk)
    deals = scope(user, "opportunity").filter(mine)
    pipeline = default_pipeline()
    stages = pipeline_selectors.open_stages(pipeline)
    totals = pipeline_totals(deals.filter(pipeline=pipeline, outcome=Outcome.OPEN))
    funnel = [
        {
            "stage": str(s),
            "count": totals.get(s.pk, {}).get("count", 0),
            "amount": cents(totals.get(s.pk, {}).get("amount")) if amounts else None,
        }
        for s in stages
    ]
    this_q = quarter_bounds(today)
    next_q = quarter_bounds(this_q[1] + datetime.timedelta(days=1))
    now_forecast = forecast(deals, *this_q)
    next_forecast = forecast(deals, *next_q)

    targets = _targets(user, team)
    quarter_target = targets.filter(
        metric=TargetMetric.WON_AMOUNT, period=PeriodKind.QUARTER, starts_on=this_q[0]
    ).first()
    target_value = quarter_target.value if quarter_target is not None else None
    if target_value is None:  # the quarter's monthly targets, if that is how they were set
        months = [
            t.value
            for t in targets.filter(metric=TargetMetric.WON_AMOUNT, period=PeriodKind.MONTH, starts_on__range=this_q)
        ]
        target_value = sum(months, Decimal(0)) if months else None
    won = now_forecast["won"]["amount"]
    who = team_filter(user) if team else Q(owner_id=user.pk)
    by_month = monthly(targets, TargetMetric.WON_AMOUNT, who, today.year)

    activities = scope(user, "activity").filter(mine)
    monday = today - datetime.timedelta(days=today.weekday())
    week = (
        timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min)),
        timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min)),
    )
    this_week = activities.filter(starts_at__gte=week[0], starts_at__lt=week[1]).order_by()
    overdue_tasks = activities.filter(status=ActivityStatus.PLANNED, starts_at__lt=now)
    ageing = receivables_ageing(scope(user, "invoice").filter(mine), today) if balances else None

    recent = activity_selectors.on_deal_since(now - datetime.timedelta(days=RISK_DAYS))
    at_risk = deals.filter(outcome=Outcome.OPEN).filter(Q(expected_close__lt=today) | ~Exists(recent))
    # The ten largest first (the longest overdue when amounts are hidden), by id alone, then read
    # with their account and stage: joining before the sort would join every open deal.
    risk_order = ("-amount_company", "pk") if amounts else ("expected_close", "pk")
    riskiest = list(at_risk.order_by(*risk_order).values_list("pk", flat=True)[:10])
    rates = conversion(deals, pipeline, today - datetime.timedelta(days=CONVERSION_DAYS))
    if not amounts:
        rates.update(average_won=None, velocity=None)
    return {
        "team": team,
        "amounts": amounts,
        "pipeline": pipeline,
        "funnel": funnel,
        "quarters": [
            {"start": this_q[0], "end": this_q[1], **now_forecast},
            {"start": next_q[0], "end": next_q[1], **next_forecast},
        ]
        if amounts
        else [],
        "won": won if amounts else None,
        "target": target_value if amounts else None,
        "attained": (won / target_value * 100).quantize(Decimal("0.1")) if target_value and amounts else None,
        "by_month": by_month if amounts else [],
        "week": {
            "planned": this_week.filter(status=ActivityStatus.PLANNED).count(),
            "done": this_week.filter(status=ActivityStatus.DONE).count(),
        },
        "overdue_tasks": list(overdue_tasks.select_related("account").order_by("starts_at")[:10]),
        "overdue_task_count": overdue_tasks.count(),
        "receivables": ageing["totals"] if ageing is not None else None,
        "at_risk": list(
            pipeline_selectors.opportunities()
            .filter(pk__in=riskiest)
            .select_related("account", "stage")
            .order_by(*risk_order)
        ),
        "at_risk_count": at_risk.count(),
        "risk_days": RISK_DAYS,
        "conversion": rates,
    }
