"""Territories: assignment rules give new leads and accounts an owner by region (a province covers
its cities), industry, or in turn among a team's representatives; deals and sales documents that
a manager or an import enters without an owner go to the owner of what they come from, else the
customer's; transfers hand one person's customers — with their contacts, open deals, open quotes
and planned activities — to another, each record through its service so its own history says so,
and the transfer itself is kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.models import Department, User
from guanxi.access.scoping import can_any, scope
from guanxi.access.services import audit
from guanxi.activities.choices import ActivityStatus
from guanxi.billing.choices import QuoteStatus
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.errors import PermissionDenied
from guanxi.customers import selectors as customer_selectors
from guanxi.pipeline.choices import Outcome

from .choices import AssignMethod
from .models import AssignmentRule, Transfer

RULE_TYPES = ("lead", "account")


def _matches(rule: AssignmentRule, obj: models.Model) -> bool:
    if rule.region_id is not None:
        region_id = getattr(obj, "region_id", None)
        if region_id is None or region_id not in customer_selectors.regions_below([rule.region_id]):
            return False
    return not rule.industry or getattr(obj, "industry", "") == rule.industry


def _team_members(team: Department) -> list[User]:
    """The active representatives of a team and the teams below it, in a stable order."""
    teams = Department.objects.filter(path__startswith=team.path)
    return list(
        User.objects.filter(department__in=teams, is_active=True, roles__key="sales_rep").distinct().order_by("pk")
    )


def _next_in_turn(rule: AssignmentRule) -> User | None:
    rule = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
    if rule.team is None:
        return None
    members = _team_members(rule.team)
    if not members:
        return None
    after = [m for m in members if rule.last_assigned_id is not None and m.pk > rule.last_assigned_id]
    chosen = after[0] if after else members[0]
    AssignmentRule.objects.filter(pk=rule.pk).update(last_assigned=chosen)
    return chosen


def owner_by_rules(ot: registry.ObjectType, obj: models.Model, actor: Actor) -> User | None:
    """The owner the territory rules give a new lead or account created without one. A
    representative's own new records stay theirs: the rules apply to imports, the API's and the
    system's records, and to those entered by people who assign records (managers, administrators)."""
    if ot.key not in RULE_TYPES:
        return None
    user = actor.user
    if user is not None and actor.source != "import" and not can_any(user, ot.key, Operation.ASSIGN):
        return None
    for rule in AssignmentRule.objects.filter(object_type=ot.key, active=True).select_related("team"):
        if not _matches(rule, obj):
            continue
        if rule.method == AssignMethod.USER and rule.user is not None and rule.user.is_active:
            return rule.user
        if rule.method == AssignMethod.ROUND_ROBIN:
            chosen = _next_in_turn(rule)
            if chosen is not None:
                return chosen
    return None


# What a record made for a customer comes from, nearest first: its owner is the one to credit.
CREDIT_CHAIN: dict[str, tuple[str, ...]] = {
    "opportunity": ("account",),
    "quote": ("previous", "opportunity", "account"),
    "order": ("quote", "contract", "opportunity", "account"),
    "contract": ("renewal_of", "opportunity", "account"),
    "invoice": ("order", "contract", "account"),
    "payment": ("invoice", "account"),
}


def owner_from_source(ot: registry.ObjectType, obj: models.Model, actor: Actor) -> User | None:
    """The owner of a deal, quote, order, contract, invoice or payment entered without one by
    someone who assigns records (a manager, an administrator) or by an import or the system: the
    owner of what it comes from — the order's quote, the invoice's order, the payment's invoice —,
    else the customer's, so that targets and the sales ledger credit the representative who sells
    to the customer. A representative's own entries stay theirs (and a deal on another owner's
    customer is an ownership conflict)."""
    chain = CREDIT_CHAIN.get(ot.key)
    if chain is None:
        return None
    user = actor.user
    if user is not None and actor.source != "import" and not can_any(user, ot.key, Operation.ASSIGN):
        return None
    for name in chain:
        source = getattr(obj, name, None)
        owner = getattr(source, "owner", None) if source is not None else None
        if owner is not None and owner.is_active:
            return owner
    return None


def may_manage_territories(user: User) -> bool:
    """Assignment rules and transfers decide who owns customers: the *assign* operation on leads
    or accounts, as the role grid grants it (managers and administrators to start with)."""
    return can_any(user, "lead", Operation.ASSIGN) or can_any(user, "account", Operation.ASSIGN)


def _may_set_rules(actor: Actor) -> None:
    if actor.user is not None and not may_manage_territories(actor.user):
        raise PermissionDenied(_("Setting assignment rules needs the assign right on leads or accounts."))


def _described(rule: AssignmentRule) -> dict[str, Any]:
    return {
        "object_type": rule.object_type,
        "method": rule.method,
        "region": str(rule.region) if rule.region_id else "",
        "industry": rule.industry,
        "user": str(rule.user) if rule.user_id else "",
        "team": str(rule.team) if rule.team_id else "",
    }


@transaction.atomic
def save_rule(data: dict[str, Any], *, actor: Actor, instance: AssignmentRule | None = None) -> AssignmentRule:
    """Create or change a rule (administrators and managers): a person for "one person", a team for
    "in turn". The change goes into the audit log with the rule before and after."""
    _may_set_rules(actor)
    rule = instance or AssignmentRule()
    before = _described(rule) if rule.pk else None
    for name, value in data.items():
        setattr(rule, name, value)
    errors: dict[str, list[str]] = {}
    if rule.object_type not in RULE_TYPES:
        errors["object_type"] = [_("Rules apply to leads or accounts.")]
    if rule.method == AssignMethod.USER and rule.user_id is None:
        errors["user"] = [_("Choose the person.")]
    if rule.method == AssignMethod.ROUND_ROBIN and rule.team_id is None:
        errors["team"] = [_("Choose the team whose representatives take turns.")]
    if errors:
        raise ValidationError(errors)
    rule.full_clean()
    rule.save()
    audit(
        actor=actor,
        area="assignment_rule",
        target=f"{rule.pk}",
        action="changed" if before else "created",
        before=before,
        after=_described(rule),
    )
    return rule


@transaction.atomic
def delete_rule(rule: AssignmentRule, *, actor: Actor) -> None:
    """Remove a rule; the audit log keeps what it was."""
    _may_set_rules(actor)
    audit(actor=actor, area="assignment_rule", target=f"{rule.pk}", action="deleted", before=_described(rule))
    rule.delete()


# --- transfers -------------------------------------------------------------------------------------------

# What moves with a customer: (object type, how it hangs on the account, which of them).
WITH_ACCOUNT: list[tuple[str, str, dict[str, Any]]] = [
    ("contact", "account", {}),
    ("opportunity", "account", {"outcome": Outcome.OPEN}),
    ("quote", "account", {"status__in": [QuoteStatus.DRAFT, QuoteStatus.APPROVED, QuoteStatus.SENT]}),
    ("activity", "account", {"status": ActivityStatus.PLANNED}),
]


@transaction.atomic
def transfer(
    *,
    from_user: User,
    to_user: User,
    actor: Actor,
    region: Any = None,
    industry: str = "",
    reason: str = "",
) -> Transfer:
    """Hand `from_user`'s accounts (optionally of a region or an industry) to `to_user`, with their
    contacts, open deals, open quotes and planned activities that `from_user` owns. Every record
    changes owner through its service (history, events, rules) and only if the actor may assign it;
    the transfer is kept with its counts."""
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": [_("Choose someone else to hand them to.")]})
    if not to_user.is_active:
        raise ValidationError({"to_user": [_("This user is not active.")]})
    user = actor.user
    everyone = registry.get("account").model._default_manager.all()
    accounts = scope(user, "account", Operation.ASSIGN) if user is not None else everyone
    accounts = accounts.filter(owner=from_user)
    if region:
        accounts = accounts.filter(region_id__in=customer_selectors.regions_below([getattr(region, "pk", region)]))
    if industry:
        accounts = accounts.filter(industry=industry)
    account_ids = list(accounts.values_list("pk", flat=True))
    counts: dict[str, int] = {"account": 0}
    for obj in accounts:
        registry.get("account").service.update(obj, {"owner": to_user}, actor=actor)
        counts["account"] += 1
    for key, via, extra in WITH_ACCOUNT:
        ot = registry.get(key)
        records = scope(user, key, Operation.ASSIGN) if user is not None else ot.model._default_manager.all()
        counts[key] = 0
        for obj in records.filter(owner=from_user, **{f"{via}_id__in": account_ids}, **extra):
            ot.service.update(obj, {"owner": to_user}, actor=actor)
            counts[key] += 1
    return Transfer.objects.create(
        from_user=from_user,
        to_user=to_user,
        by=user,
        criteria={"region": str(getattr(region, "pk", region) or ""), "industry": industry},
        counts=counts,
        reason=reason[:255],
    )
