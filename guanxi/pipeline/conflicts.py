"""Ownership conflicts: a new account that looks like a customer someone else owns (same company
name once the legal suffixes are set aside, same phone, same email), or a deal, quote, order or
contract of one representative's on another owner's customer. Found after the write commits
(domain events), kept for the managers, who are notified and settle them; the record's page warns
whoever opens it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanxi.access.choices import Operation, Scope
from guanxi.access.models import Department, User
from guanxi.access.scoping import can_any, level, team_q
from guanxi.access.services import audit
from guanxi.core import registry, search
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.events import Event, subscribe
from guanxi.core.models import Notification
from guanxi.core.registry import ObjectAction
from guanxi.customers import selectors as customer_selectors

from .choices import ConflictReason
from .models import OwnershipConflict

if TYPE_CHECKING:
    from guanxi.customers.models import Account

# Legal forms that do not tell two companies apart: 上海明德贸易有限公司 = 上海明德贸易.
SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    "company limited",
    "co ltd",
    "limited",
    "ltd",
    "inc",
    "llc",
    "corporation",
    "corp",
    "gmbh",
)
_PUNCT = re.compile(r"[\s\.,，。()（）&·'\"-]+")


def _without_legal_form(name: str) -> str:
    """Lower case, punctuation as single spaces, legal forms taken off the end."""
    text = _PUNCT.sub(" ", name.lower()).strip()
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].strip()
                changed = True
    return text


def company_key(name: str) -> str:
    """A company name without case, spaces, punctuation and legal form."""
    return _without_legal_form(name).replace(" ", "")


def similar_accounts(account: Account, *, limit: int = 20) -> list[tuple[Account, str]]:
    """Other owners' accounts that look like this one, with the reason."""
    others = customer_selectors.accounts().exclude(pk=account.pk).exclude(owner__isnull=True)
    if account.owner_id:
        others = others.exclude(owner_id=account.owner_id)
    found: dict[Any, tuple[Account, str]] = {}
    key = company_key(account.name)
    if len(key) >= 2:
        for other in search.apply(others, _without_legal_form(account.name))[: limit * 3]:
            if company_key(other.name) == key:
                found.setdefault(other.pk, (other, ConflictReason.SAME_NAME))
    points = customer_selectors.account_points([account.pk], ["phone", "mobile", "fax", "email"])
    for kind, value in points.values_list("kind", "normalized"):
        reason = ConflictReason.SAME_EMAIL if kind == "email" else ConflictReason.SAME_PHONE
        ids = customer_selectors.account_ids_with_point(value)
        for other in others.filter(pk__in=ids)[:limit]:
            found.setdefault(other.pk, (other, reason))
    return list(found.values())[:limit]


def _managers(user: User | None) -> set[User]:
    """The manager of the user's department, or of the nearest department above with one."""
    head = Department.nearest_manager(user)
    return {head} if head is not None else set()


@transaction.atomic
def record(object_type: str, obj: Any, owner: User | None, found: list[tuple[Account, str]]) -> list[OwnershipConflict]:
    """Keep each new conflict once and tell the managers of both owners."""
    made = []
    for customer, reason in found:
        exists = OwnershipConflict.objects.filter(
            object_type=object_type, object_id=obj.pk, customer=customer, resolved_at__isnull=True
        ).exists()
        if exists:
            continue
        made.append(
            OwnershipConflict.objects.create(
                object_type=object_type,
                object_id=obj.pk,
                label=str(obj)[:255],
                owner=owner,
                customer=customer,
                customer_owner=customer.owner,
                reason=reason,
            )
        )
    if made:
        url = reverse("pipeline:conflicts")
        recipients = _managers(owner) | _managers(made[0].customer_owner)
        message = _("Ownership conflict: “{record}” and the customer “{customer}” of {other}.").format(
            record=made[0].label, customer=made[0].customer.name, other=made[0].customer_owner or "—"
        )
        Notification.objects.bulk_create(
            [Notification(recipient=u, message=message[:500], url=url) for u in recipients]
        )
    return made


def check_account(account: Account) -> list[OwnershipConflict]:
    return record("account", account, account.owner, similar_accounts(account))


# Records made for a customer: one owned by someone other than the customer's owner is a conflict.
ON_CUSTOMER = ("opportunity", "quote", "order", "contract")


def check_on_customer(object_type: str, obj: Any) -> list[OwnershipConflict]:
    account = obj.account
    if account.owner_id is None or obj.owner_id is None or account.owner_id == obj.owner_id:
        return []
    return record(object_type, obj, obj.owner, [(account, ConflictReason.OTHERS_CUSTOMER)])


def on_event(event: Event) -> None:
    """After an account, a deal, a quote, an order or a contract is created, or its name, owner or
    customer changes."""
    fields = set(event.data.get("fields", []))
    if event.name == "updated" and not fields & {"name", "owner", "account"}:
        return
    if event.object_type == "account":
        account = customer_selectors.accounts().filter(pk=event.object_id).select_related("owner").first()
        if account is not None:
            check_account(account)
    elif event.object_type in ON_CUSTOMER:
        model = registry.get(event.object_type).model
        obj = model._default_manager.filter(pk=event.object_id).select_related("account", "owner").first()
        if obj is not None:
            check_on_customer(event.object_type, obj)


def subscribe_handlers() -> None:
    subscribe("created", on_event)
    subscribe("updated", on_event)


def may_settle_conflicts(user: User) -> bool:
    """Settling an ownership conflict is approving who keeps the customer: the *approve*
    operation on accounts, as the role grid grants it (managers for their team, administrators
    for everyone)."""
    return can_any(user, "account", Operation.APPROVE)


def visible_conflicts(user: User) -> QuerySet[OwnershipConflict]:
    """Whoever approves for every account sees every conflict; anyone else those of their team
    (access.team_q: a manager's departments and below), which includes those they are part of."""
    qs = OwnershipConflict.objects.select_related("owner", "customer", "customer_owner", "resolved_by")
    if level(user, "account", Operation.APPROVE) >= Scope.ALL:
        return qs
    return qs.filter(
        team_q(user, owner="owner", department="owner__department")
        | team_q(user, owner="customer_owner", department="customer_owner__department")
    )


def can_settle(user: User, conflict: OwnershipConflict) -> bool:
    if not may_settle_conflicts(user):
        return False
    if level(user, "account", Operation.APPROVE) >= Scope.ALL:
        return True
    return user in _managers(conflict.owner) | _managers(conflict.customer_owner)


@transaction.atomic
def settle(
    conflict: OwnershipConflict, *, user: User, resolution: str, actor: Actor | None = None
) -> OwnershipConflict:
    """Record how the managers settled who works the customer: refused to anyone but the owners'
    managers (or who approves for every account), and written to the audit log."""

    if not can_settle(user, conflict):
        raise PermissionDenied(_("Only the owners' managers can settle this conflict."))
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": [_("Say how it was settled.")]})
    conflict.resolved_at = timezone.now()
    conflict.resolved_by = user
    conflict.resolution = resolution[:255]
    conflict.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit(
        actor=actor or Actor(user, Source.UI),
        area="ownership_conflict",
        target=f"{conflict.pk}: {conflict.label}",
        action="settled",
        customer=str(conflict.customer_id),
        resolution=conflict.resolution,
    )
    return conflict


class SettleForm(forms.Form):
    """Which of the record's open conflicts, and how it was settled."""

    conflict = forms.IntegerField(label=gettext_lazy("Conflict"), min_value=1)
    resolution = forms.CharField(label=gettext_lazy("How it was settled"), max_length=255)


def _settle(record: Any, actor: Actor, data: dict[str, Any]) -> None:
    key = registry.for_model(record).key
    user = actor.user
    assert user is not None
    # Whoever sees the record sees its conflicts (its page warns of them); settle() decides who settles.
    conflict = OwnershipConflict.objects.filter(
        pk=data["conflict"], object_type=key, object_id=record.pk, resolved_at__isnull=True
    ).first()
    if conflict is None:
        raise ValidationError({"conflict": [_("This record has no such open conflict.")]})
    settle(conflict, user=user, resolution=data["resolution"], actor=actor)


def has_open_conflict(record: Any) -> bool:
    key = registry.for_model(record).key
    return OwnershipConflict.objects.filter(object_type=key, object_id=record.pk, resolved_at__isnull=True).exists()


# On the account, deal or document a conflict is about. Who may settle is not an operation on the
# record but the managers' (can_settle), so the action asks only to see it and the service decides.
SETTLE_ACTION = ObjectAction(
    "settle_conflict",
    gettext_lazy("Settle"),
    _settle,
    operation=Operation.VIEW,
    available=has_open_conflict,
    form=SettleForm,
    in_header=False,
    repeatable=True,  # a record can be in more than one conflict
    done=gettext_lazy("Conflict settled."),
    summary=gettext_lazy("Settle an open ownership conflict about this record (the owners' managers)"),
)
