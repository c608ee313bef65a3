"""The opportunity rollups (see `OpportunityRollup`): kept by the service on every write, rebuilt
from the deals after a bulk load, and read for the board and the forecast of those who see every
deal. A test compares them with a live count after every kind of write."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from guanxi.access.scoping import owner_department_scope
from guanxi.catalogue.services import company_currency
from guanxi.core.money import cents

from .choices import Outcome
from .models import Opportunity, OpportunityRollup

ZERO = Decimal(0)


def _month(obj: Any) -> datetime.date | None:
    day = obj.closed_on if obj.outcome != Outcome.OPEN else obj.expected_close
    return day.replace(day=1) if day else None


def _key(obj: Any) -> tuple[Any, ...]:
    return (obj.pipeline_id, obj.stage_id, obj.outcome, obj.owner_id, obj.department_id, _month(obj))


def _apply(group: tuple[Any, ...], n: int, amount: Decimal, weighted: Decimal) -> None:
    pipeline, stage, outcome, owner, department, month = group
    key = f"{stage}:{owner or ''}:{department or ''}:{month.isoformat() if month else ''}"
    row, _created = OpportunityRollup.objects.get_or_create(
        key=key,
        defaults={
            "pipeline_id": pipeline,
            "stage_id": stage,
            "outcome": outcome,
            "owner_id": owner,
            "department_id": department,
            "month": month,
        },
    )
    OpportunityRollup.objects.filter(pk=row.pk).update(
        n=F("n") + n, amount=F("amount") + amount, weighted=F("weighted") + weighted
    )


def record(before: Any, after: Any) -> None:
    """Move a deal's contribution from what it was (None: it did not count) to what it is."""
    old = _key(before) if before is not None else None
    new = _key(after) if after is not None else None
    old_values = (before.amount_company or ZERO, before.weighted_amount or ZERO) if before is not None else None
    new_values = (after.amount_company or ZERO, after.weighted_amount or ZERO) if after is not None else None
    if old == new and old_values == new_values:
        return
    with transaction.atomic():
        if old is not None and old_values is not None:
            _apply(old, -1, -old_values[0], -old_values[1])
        if new is not None and new_values is not None:
            _apply(new, 1, new_values[0], new_values[1])


@transaction.atomic
def rebuild() -> int:
    """Count every live deal again (after a bulk load, or to check)."""
    OpportunityRollup.objects.all().delete()
    rows = (
        Opportunity.objects.order_by()
        .annotate(month_open=TruncMonth("expected_close"), month_closed=TruncMonth("closed_on"))
        .values("pipeline_id", "stage_id", "outcome", "owner_id", "department_id", "month_open", "month_closed")
        .annotate(n=Count("pk"), amount=Sum("amount_company"), weighted=Sum("weighted_amount"))
    )
    merged: dict[tuple[Any, ...], list[Any]] = {}
    for r in rows:
        month = r["month_closed"] if r["outcome"] != Outcome.OPEN else r["month_open"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        group = (r["pipeline_id"], r["stage_id"], r["outcome"], r["owner_id"], r["department_id"], month)
        acc = merged.setdefault(group, [0, ZERO, ZERO])
        acc[0] += r["n"]
        acc[1] += r["amount"] or ZERO
        acc[2] += r["weighted"] or ZERO
    OpportunityRollup.objects.bulk_create(
        [
            OpportunityRollup(
                key=f"{g[1]}:{g[3] or ''}:{g[4] or ''}:{g[5].isoformat() if g[5] else ''}",
                pipeline_id=g[0],
                stage_id=g[1],
                outcome=g[2],
                owner_id=g[3],
                department_id=g[4],
                month=g[5],
                n=v[0],
                amount=v[1],
                weighted=v[2],
            )
            for g, v in merged.items()
        ],
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {OpportunityRollup._meta.db_table}")
    return len(merged)


def visible(user: Any) -> Q | None:
    """The running totals that count what `user` sees of the deals — everything, or their own and
    their departments' — or None when shares or sharing rules make that a live count."""

    found = owner_department_scope(user, "opportunity")
    if found is None:
        return None
    owner, departments = found
    if owner is None and departments is None:
        return Q()
    return Q(owner_id=owner) | Q(department_id__in=departments or [])


def stage_totals(pipeline_id: Any, user: Any) -> dict[Any, dict[str, Any]] | None:
    """Count and amount per stage of a pipeline, over the deals the user sees (None: count live)."""
    where = visible(user)
    if where is None:
        return None
    rows = (
        OpportunityRollup.objects.filter(where, pipeline_id=pipeline_id)
        .values("stage_id")
        .annotate(n=Sum("n"), total=Sum("amount"))
    )
    return {r["stage_id"]: {"n": r["n"] or 0, "total": r["total"] or ZERO} for r in rows}


def forecast_totals(
    start: datetime.date, end: datetime.date, *, pipeline: Any = None, where: Q | None = None
) -> dict[str, Any]:
    """`services.forecast` from the running totals (whole months: a quarter), over the deals `where`
    selects (see `visible`)."""

    rows = OpportunityRollup.objects.filter(where or Q(), month__gte=start.replace(day=1), month__lte=end)
    if pipeline is not None:
        rows = rows.filter(pipeline_id=pipeline)
    open_rows = rows.filter(outcome=Outcome.OPEN)
    won_rows = rows.filter(outcome=Outcome.WON)
    sums = {"n": Sum("n"), "amount": Sum("amount"), "weighted": Sum("weighted")}
    totals = open_rows.aggregate(**sums)
    won = won_rows.aggregate(n=Sum("n"), amount=Sum("amount"))
    by_stage = [
        {"stage": r["stage_id"], "count": r["n"], "amount": cents(r["amount"]), "weighted": cents(r["weighted"])}
        for r in open_rows.values("stage_id").annotate(**sums).order_by("stage_id")
        if r["n"]
    ]
    owners: dict[Any, dict[str, Any]] = {}
    for r in open_rows.values("owner_id").annotate(**sums):
        if r["n"]:
            owners[r["owner_id"]] = {
                "owner": r["owner_id"],
                "open": r["n"],
                "weighted": cents(r["weighted"]),
                "won": cents(0),
            }
    for r in won_rows.values("owner_id").annotate(amount=Sum("amount"), n=Sum("n")):
        if r["n"]:
            row = owners.setdefault(r["owner_id"], {"owner": r["owner_id"], "open": 0, "weighted": cents(0)})
            row["won"] = cents(r["amount"])
    for row in owners.values():
        row["forecast"] = row["won"] + row["weighted"]
    return {
        "start": start,
        "end": end,
        "currency": company_currency(),
        "won": {"count": won["n"] or 0, "amount": cents(won["amount"])},
        "open": {"count": totals["n"] or 0, "amount": cents(totals["amount"]), "weighted": cents(totals["weighted"])},
        "forecast": cents(won["amount"]) + cents(totals["weighted"]),
        "by_stage": by_stage,
        "by_owner": sorted(owners.values(), key=lambda r: -r["forecast"]),
    }
