"""An opportunity's way through its pipeline, in one place for pages, the API, imports and workflows:
stage requirements, probability, weighted amounts, product lines, competitors and contact roles, a
lead's conversion into a deal, and the funnel and forecast figures."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Avg, Count, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.scoping import can_create
from guanxi.catalogue import selectors as catalogue_selectors
from guanxi.catalogue.services import CurrencyDefaultMixin, company_currency, price_for, to_company
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.money import CENT, cents
from guanxi.records.services import RecordService, visible_record

from . import rollups
from .choices import Outcome
from .models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityContact,
    OpportunityLine,
    Pipeline,
    Stage,
    StageChange,
)


def default_pipeline() -> Pipeline:
    pipeline = Pipeline.objects.filter(active=True).order_by("-is_default", "sort", "key").first()
    if pipeline is None:
        raise ValidationError({"pipeline": [_("No sales pipeline is set up.")]})
    return pipeline


def _filled(obj: Opportunity, name: str) -> bool:
    if name.startswith("custom."):
        return obj.custom.get(name[7:]) not in (None, "", [])
    field = obj._meta.get_field(name)
    value = getattr(obj, getattr(field, "attname", name), None)
    return value not in (None, "") and not (name == "amount" and not value)


class OpportunityService(CurrencyDefaultMixin, RecordService):
    """Stage rules: a stage belongs to the deal's pipeline, its required fields must be filled to
    enter it, entering it sets the default probability (unless one is given), a closing stage sets
    the outcome and close date, a lost deal needs a reason; every move is kept with its duration."""

    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Opportunity)
        self._default_currency(obj)
        if obj.pipeline_id is None:
            obj.pipeline = obj.stage.pipeline if obj.stage_id else default_pipeline()
        if obj.stage_id is None:
            first = obj.pipeline.stages.filter(outcome=Outcome.OPEN).order_by("sort").first()
            if first is None:
                raise ValidationError({"stage": [_("This pipeline has no open stage.")]})
            obj.stage = first
        stage_moved = creating or obj.stage_id != getattr(getattr(obj, "_stored", obj), "stage_id", None)
        if stage_moved and "probability" not in data:
            obj.probability = obj.stage.probability
        obj.outcome = obj.stage.outcome
        if obj.outcome == Outcome.OPEN:
            obj.closed_on = None
        elif obj.closed_on is None:
            obj.closed_on = timezone.localdate()
        day = obj.closed_on or obj.expected_close or timezone.localdate()
        obj.amount_company = to_company(obj.amount or Decimal(0), obj.currency_id, day)
        share = {Outcome.WON: 100, Outcome.LOST: 0}.get(Outcome(obj.outcome), obj.probability or 0)
        obj.weighted_amount = (obj.amount_company * share / 100).quantize(CENT, ROUND_HALF_UP)

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Opportunity)
        if obj.stage.pipeline_id != obj.pipeline_id:
            raise ValidationError({"stage": [_("This stage belongs to another pipeline.")]})
        stage_moved = creating or obj.stage_id != getattr(getattr(obj, "_stored", obj), "stage_id", None)
        if not stage_moved:
            return
        required = list(obj.stage.required_fields)
        if obj.outcome == Outcome.LOST and "lost_reason" not in required:
            required.append("lost_reason")
        missing = [name for name in required if not _filled(obj, name)]
        if missing:
            message = _("Fill this in before moving the deal to “{stage}”.").format(stage=obj.stage)
            raise ValidationError({name: [message] for name in missing})

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Opportunity)
        return " ".join([obj.name, obj.next_step])

    def after_write(self, obj: models.Model, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:

        assert isinstance(obj, Opportunity)
        if action == "updated":
            rollups.record(getattr(obj, "_stored", None), obj)
        elif action in ("created", "restored"):
            rollups.record(None, obj)
        elif action == "deleted":
            rollups.record(obj, None)
        if "stage" not in changes:
            return
        now = timezone.now()
        old_stage = changes["stage"][0]
        seconds = None if old_stage is None else int((now - obj.stage_changed_at).total_seconds())
        StageChange.objects.create(
            opportunity=obj,
            from_stage_id=old_stage,
            to_stage_id=obj.stage_id,
            at=now,
            seconds_in_previous=seconds,
            by=actor.user,
        )
        Opportunity.all_objects.filter(pk=obj.pk).update(stage_changed_at=now)
        obj.stage_changed_at = now


@transaction.atomic
def set_lines(opportunity: Opportunity, lines: list[dict[str, Any]], *, actor: Actor) -> Opportunity:
    """Replace the deal's product lines; its amount becomes their total. Each line: product,
    quantity, unit_price (default: the product's price for the account's level), discount (%).
    A locked deal (its status, a pending approval) refuses it as it refuses an edit, and a closed
    one keeps the lines it was won or lost with (moved back to an open stage, it takes new ones)."""
    service = registry.get("opportunity").service
    service.check_writable(opportunity, actor=actor)
    if opportunity.outcome != Outcome.OPEN:
        raise ValidationError(
            {"status": [_("This deal is closed: its lines no longer change. Move it back to an open stage first.")]}
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for i, line in enumerate(lines):
        product = line.get("product")
        product = catalogue_selectors.product(product)
        if product is None:
            errors[f"lines.{i}.product"] = [_("No such product.")]
            continue
        price = line.get("unit_price")
        if price in (None, ""):
            price = price_for(product, currency=opportunity.currency_id, level=opportunity.account.level)
        row = OpportunityLine(
            opportunity=opportunity,
            product=product,
            quantity=Decimal(str(line.get("quantity", 1))),
            unit_price=Decimal(str(price)),
            discount=Decimal(str(line.get("discount") or 0)),
            sort=i,
        )
        try:
            row.full_clean(exclude=["opportunity", "product"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"lines.{i}.{name}"] = messages
            continue
        row.total = (row.quantity * row.unit_price * (100 - row.discount) / 100).quantize(CENT, ROUND_HALF_UP)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    OpportunityLine.objects.filter(opportunity=opportunity).delete()
    OpportunityLine.objects.bulk_create(rows)
    total = sum((r.total for r in rows), Decimal(0))
    return service.update(opportunity, {"amount": total}, actor=actor)


def pipeline_totals(qs: models.QuerySet) -> dict[int, dict[str, Any]]:
    """Per stage of an (access-scoped) opportunity queryset: count, amount and weighted amount in
    the company currency."""
    rows = (
        qs.order_by()
        .values("stage_id")
        .annotate(n=models.Count("pk"), amount=Sum("amount_company"), weighted=Sum("weighted_amount"))
    )
    return {r["stage_id"]: {"count": r["n"], "amount": r["amount"] or 0, "weighted": r["weighted"] or 0} for r in rows}


CONVERSION_FIELDS = ("name", "amount", "currency", "expected_close")


def conversion_initial(lead: Any) -> dict[str, Any]:
    """What the conversion page proposes for the lead's first deal: its name (the company's, or
    the person's), which the user may change or clear (no deal then)."""
    return {"name": (lead.company or lead.name or "").strip()[:200]}


def opportunity_from_lead(
    *, lead: Any, account: Any, contact: Any, options: dict[str, Any], actor: Actor
) -> Opportunity | None:
    """A lead conversion's first deal (step "opportunity" of `convert_lead`): created when it is
    given a name, for the new account and contact, owned by the lead's owner, its source the lead's."""

    errors: dict[str, list[str]] = {}
    for key in set(options) - set(CONVERSION_FIELDS):
        errors[key] = [_("This field cannot be set.")]
    name = str(options.get("name") or "").strip()
    if not name:
        if set(options) & {"amount", "currency", "expected_close"}:
            errors["name"] = [_("Give the opportunity a name.")]
        if errors:
            raise ValidationError(errors)
        return None
    if actor.user is not None and not can_create(actor.user, "opportunity"):
        raise ValidationError({"name": [_("You may not create opportunities.")]})
    data: dict[str, Any] = {"name": name, "account": account, "contact": contact, "lead": lead, "source": lead.source}
    if lead.owner_id:
        data["owner"] = lead.owner
    for key in ("amount", "currency", "expected_close"):
        if options.get(key) not in (None, ""):
            try:
                data[key] = Opportunity._meta.get_field(key).to_python(options[key])  # type: ignore[union-attr]
            except ValidationError as exc:
                errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return registry.get("opportunity").service.create(data, actor=actor)


@transaction.atomic
def save_competitor(
    opportunity: Opportunity, *, competitor: Any, strengths: str = "", weaknesses: str = "", actor: Actor
) -> OpportunityCompetitor:
    """Name a competitor on the deal (an account of type competitor the actor may see), with its
    strengths and weaknesses; naming it again updates those given (an empty one keeps what was
    written, so naming it twice loses nothing)."""
    registry.get("opportunity").service.check_writable(opportunity, actor=actor)
    account = visible_record(actor, "account", competitor, field="competitor")
    if account.account_type != "competitor":
        raise ValidationError({"competitor": [_("Choose an account whose type is competitor.")]})
    row = OpportunityCompetitor.objects.filter(opportunity=opportunity, competitor=account).first()
    if row is None:
        row = OpportunityCompetitor(opportunity=opportunity, competitor=account)
    for name, value in (("strengths", strengths), ("weaknesses", weaknesses)):
        if (value or "").strip():
            setattr(row, name, value.strip()[:2000])
    row.save()
    return row


@transaction.atomic
def remove_competitor(opportunity: Opportunity, competitor_id: Any, *, actor: Actor) -> None:
    registry.get("opportunity").service.check_writable(opportunity, actor=actor)
    if not OpportunityCompetitor.objects.filter(opportunity=opportunity, competitor_id=competitor_id).delete()[0]:
        raise ValidationError(
            {"competitor": [_("This deal names no such competitor (it may have been removed already).")]}
        )


@transaction.atomic
def save_contact_role(opportunity: Opportunity, *, contact: Any, role: str = "", actor: Actor) -> OpportunityContact:
    """Name a contact (one the actor may see) in the deal with a role; naming them again with a role
    changes it (without one, keeps it)."""
    registry.get("opportunity").service.check_writable(opportunity, actor=actor)
    found = visible_record(actor, "contact", contact, field="contact")
    row = OpportunityContact.objects.filter(opportunity=opportunity, contact=found).first() or OpportunityContact(
        opportunity=opportunity, contact=found
    )
    if role or row.pk is None:
        row.role = role
    row.full_clean(exclude=["opportunity", "contact"])
    row.save()
    return row


@transaction.atomic
def remove_contact_role(opportunity: Opportunity, contact_id: Any, *, actor: Actor) -> None:
    registry.get("opportunity").service.check_writable(opportunity, actor=actor)
    if not OpportunityContact.objects.filter(opportunity=opportunity, contact_id=contact_id).delete()[0]:
        raise ValidationError({"contact": [_("This deal names no such person (they may have been removed already).")]})


def forecast(qs: models.QuerySet, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The forecast of an access-scoped opportunity queryset for a period: deals won in it, open
    deals expected to close in it (amount and weighted by probability), their sum as the forecast,
    and the same per stage and per owner. Amounts in the company currency."""
    open_deals = qs.filter(outcome=Outcome.OPEN, expected_close__range=(start, end)).order_by()
    won = qs.filter(outcome=Outcome.WON, closed_on__range=(start, end)).order_by()
    totals = open_deals.aggregate(n=models.Count("pk"), amount=Sum("amount_company"), weighted=Sum("weighted_amount"))
    won_totals = won.aggregate(n=models.Count("pk"), amount=Sum("amount_company"))
    by_stage = [
        {"stage": r["stage_id"], "count": r["n"], "amount": cents(r["amount"]), "weighted": cents(r["weighted"])}
        for r in open_deals.values("stage_id")
        .annotate(n=models.Count("pk"), amount=Sum("amount_company"), weighted=Sum("weighted_amount"))
        .order_by("stage_id")
    ]
    owners: dict[Any, dict[str, Any]] = {}
    for r in open_deals.values("owner_id").annotate(weighted=Sum("weighted_amount"), n=models.Count("pk")):
        owners[r["owner_id"]] = {
            "owner": r["owner_id"],
            "open": r["n"],
            "weighted": cents(r["weighted"]),
            "won": cents(0),
        }
    for r in won.values("owner_id").annotate(amount=Sum("amount_company")):
        row = owners.setdefault(r["owner_id"], {"owner": r["owner_id"], "open": 0, "weighted": cents(0)})
        row["won"] = cents(r["amount"])
    for row in owners.values():
        row["forecast"] = row["won"] + row["weighted"]
    return {
        "start": start,
        "end": end,
        "currency": company_currency(),
        "won": {"count": won_totals["n"], "amount": cents(won_totals["amount"])},
        "open": {"count": totals["n"], "amount": cents(totals["amount"]), "weighted": cents(totals["weighted"])},
        "forecast": cents(won_totals["amount"]) + cents(totals["weighted"]),
        "by_stage": by_stage,
        "by_owner": sorted(owners.values(), key=lambda r: -r["forecast"]),
    }


def conversion(qs: models.QuerySet, pipeline: Pipeline, since: datetime.date) -> dict[str, Any]:
    """Funnel conversion and velocity of an access-scoped opportunity queryset in one pipeline,
    over the deals created since a date, from their stage history:

    - per stage on the way to won (lost aside, in board order): the deals that reached it or a
      later one, the share of them that went further, and the average days spent in it before
      moving on;
    - the win rate of those closed, the average won amount (company currency), the average days
      from creation to won, and the sales velocity: open deals × win rate × average won ÷ cycle
      days, the amount the pipeline brings in a day at this pace."""
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("sort", "pk"))
    path = [s for s in stages if s.outcome != Outcome.LOST]
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    deals = qs.filter(pipeline=pipeline, created_at__gte=start).order_by()
    furthest = (
        StageChange.objects.filter(opportunity=OuterRef("pk"), to_stage__in=[s.pk for s in path])
        .order_by()
        .values("opportunity")
        .annotate(m=Max("to_stage__sort"))
        .values("m")
    )
    reached_at: dict[int, int] = {}
    for row in deals.annotate(furthest=Subquery(furthest)).values("furthest").annotate(n=Count("pk")):
        if row["furthest"] is not None:
            reached_at[row["furthest"]] = row["n"]
    stayed = {
        r["from_stage"]: r["avg"]
        for r in StageChange.objects.filter(opportunity__in=deals.values("pk"), from_stage__in=[s.pk for s in path])
        .values("from_stage")
        .annotate(avg=Avg("seconds_in_previous"))
        .order_by()
    }
    rows = []
    for i, s in enumerate(path):
        reached = sum(n for sort, n in reached_at.items() if sort >= s.sort)
        went_on = sum(n for sort, n in reached_at.items() if sort > s.sort) if i + 1 < len(path) else None
        avg = stayed.get(s.pk)
        rows.append(
            {
                "stage": s.pk,
                "name": str(s),
                "outcome": s.outcome,
                "reached": reached,
                "went_on": went_on,
                "rate": _percent(went_on, reached) if went_on is not None else None,
                "days": Decimal(avg / 86400).quantize(Decimal("0.1")) if avg is not None else None,
            }
        )
    closed = deals.aggregate(
        won=Count("pk", filter=Q(outcome=Outcome.WON)),
        lost=Count("pk", filter=Q(outcome=Outcome.LOST)),
        won_amount=Avg("amount_company", filter=Q(outcome=Outcome.WON)),
    )
    cycle_seconds = StageChange.objects.filter(
        opportunity__in=deals.filter(outcome=Outcome.WON).values("pk")
    ).aggregate(s=Sum("seconds_in_previous"))["s"]
    won, lost = closed["won"], closed["lost"]
    cycle = Decimal(cycle_seconds / won / 86400).quantize(Decimal("0.1")) if won and cycle_seconds else None
    average_won = cents(closed["won_amount"]) if won else None
    open_count = qs.filter(pipeline=pipeline, outcome=Outcome.OPEN).count()
    win_rate = _percent(won, won + lost)
    velocity = None
    if win_rate is not None and average_won is not None and cycle:
        velocity = cents(open_count * win_rate / 100 * average_won / cycle)
    return {
        "pipeline": pipeline.pk,
        "since": since,
        "currency": company_currency(),
        "stages": rows,
        "won": won,
        "lost": lost,
        "win_rate": win_rate,
        "average_won": average_won,
        "cycle_days": cycle,
        "open": open_count,
        "velocity": velocity,
    }


def _percent(part: int | None, whole: int) -> Decimal | None:
    return (Decimal(part or 0) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def close_deal(deal: Opportunity, outcome: str, *, actor: Actor, lost_reason: str = "") -> Opportunity:
    """Move the deal to its pipeline's first won or lost stage through the opportunity service, so
    the stage's required fields, the outcome, the close date, the probability and the stage history
    follow exactly as when it is dragged there on the board."""
    stage = deal.pipeline.stages.filter(outcome=outcome).order_by("sort").first()
    if stage is None:
        raise ValidationError({"stage": [_("This pipeline has no stage for it.")]})
    changes: dict[str, Any] = {"stage": stage}
    if lost_reason:
        changes["lost_reason"] = lost_reason
    return registry.get("opportunity").service.update(deal, changes, actor=actor)
