"""Reads of the customer hub, always starting from querysets the access layer scoped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from guanxi.access.choices import Operation
from guanxi.access.models import User
from guanxi.access.scoping import can_any, fields, scope
from guanxi.core import phones, registry
from guanxi.core.models import Note
from guanxi.history.models import ChangeEntry
from guanxi.web.templatetags.guanxi import changed_field_labels

from .models import Account, AccountContact, Contact, ContactPoint, Interaction, Region


def by_phone(object_type: str) -> Any:
    """An API/list filter: records having this phone, given in any format."""

    def apply(qs: models.QuerySet, raw: str) -> models.QuerySet:
        try:
            e164 = phones.normalize_phone(raw)
        except ValidationError:
            raise ValidationError(_("“{value}” is not a valid phone number.").format(value=raw)) from None
        ids = ContactPoint.objects.filter(normalized=e164, object_type=object_type).values("object_id")
        return qs.filter(pk__in=ids)

    return apply


def by_email(object_type: str) -> Any:
    def apply(qs: models.QuerySet, raw: str) -> models.QuerySet:
        ids = ContactPoint.objects.filter(normalized=raw.strip().lower(), object_type=object_type).values("object_id")
        return qs.filter(pk__in=ids)

    return apply


# The record field each kind of contact point stands behind: a role that may not read the field
# does not see those points either (nor find the record by them).
POINT_FIELDS = {
    "account": {"phone": "primary_phone", "mobile": "primary_phone", "fax": "primary_phone", "email": "primary_email"},
    "contact": {"phone": "primary_phone", "mobile": "primary_phone", "fax": "primary_phone", "email": "primary_email"},
    "lead": {"phone": "phone", "mobile": "phone", "fax": "phone", "email": "email"},
}


def visible_points(user: User, object_type: str, points: list[ContactPoint]) -> list[ContactPoint]:
    rules = fields(user, object_type)
    behind = POINT_FIELDS.get(object_type, {})
    return [p for p in points if p.kind not in behind or rules.can_read(behind[p.kind])]


def group_ids(account: Account, *, limit: int = 500) -> list[Any]:
    """The account and every account below it in the hierarchy (breadth-first, bounded)."""
    ids = [account.pk]
    frontier = [account.pk]
    while frontier and len(ids) < limit:
        # By the parent index alone (a "not deleted" condition lets SQLite pick a worse index).
        rows = Account.all_objects.filter(parent_id__in=frontier).values_list("pk", "deleted_at")[:limit]
        frontier = [pk for pk, deleted_at in rows if deleted_at is None]
        ids.extend(frontier)
    return ids[:limit]


def ancestors(account: Account, *, limit: int = 20) -> list[Account]:
    chain: list[Account] = []
    current = account.parent
    while current is not None and len(chain) < limit:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # interaction, note, change
    title: str
    body: str
    who: str
    channel: str = ""
    url: str = ""


def timeline(
    user: User,
    *,
    account: Account | None = None,
    contact: Contact | None = None,
    include_group: bool = False,
    limit: int = 50,
) -> list[TimelineItem]:
    """Interactions, notes and changes of one customer, newest first, merged into one feed."""
    interactions = scope(user, Interaction).select_related("owner", "contact")
    items: list[TimelineItem] = []
    if account is not None:
        ids = group_ids(account) if include_group else [account.pk]
        interactions = interactions.filter(account_id__in=ids)
        object_type, object_id = "account", account.pk
    else:
        assert contact is not None
        interactions = interactions.filter(contact=contact)
        object_type, object_id = "contact", contact.pk
    rules = fields(user, "interaction")
    for i in interactions.order_by("-occurred_at")[:limit]:
        items.append(
            TimelineItem(
                i.occurred_at,
                "interaction",
                i.subject if rules.can_read("subject") else i.get_channel_display(),
                i.body if rules.can_read("body") else "",
                str(i.owner or ""),
                i.get_channel_display(),
                f"/app/interaction/{i.pk}/",
            )
        )
    for n in Note.objects.filter(object_type=object_type, object_id=object_id).select_related("author")[:limit]:
        items.append(TimelineItem(n.created_at, "note", _("Note"), n.body, str(n.author or "")))

    ot = registry.get(object_type)
    for c in ChangeEntry.objects.filter(object_type=object_type, object_id=object_id).select_related("actor")[:limit]:
        labels = changed_field_labels(ot, user, c.changes, limit=6)
        items.append(TimelineItem(c.at, "change", c.get_action_display(), labels, str(c.actor or _("System"))))
    items.sort(key=lambda t: t.at, reverse=True)
    return items[:limit]


# Other apps add to the 360° view without the customer hub knowing them (sales: orders, deals,
# receivables): name → function(user, account) returning what the API shows under `sections`.
_sections_360: dict[str, Callable[[User, Account], Any]] = {}


def add_360_section(name: str, section: Callable[[User, Account], Any]) -> None:
    _sections_360[name] = section


def sections_360(user: User, account: Account) -> dict[str, Any]:
    return {name: section(user, account) for name, section in _sections_360.items()}


def account_360(user: User, account: Account) -> dict[str, Any]:
    """Everything the 360° page and API show about one account, in a fixed number of queries."""
    roles = dict(AccountContact.objects.filter(account=account).values_list("contact_id", "role"))
    # Two index lookups (the contact's own account, its links) rather than an OR, which both
    # databases may answer with a scan of every contact.
    ids = set(Contact.objects.filter(account=account).values_list("pk", flat=True)) | set(roles)
    contacts = list(scope(user, Contact).filter(pk__in=ids).order_by("name")[:50])
    points = visible_points(
        user, "account", list(ContactPoint.objects.filter(object_type="account", object_id=account.pk))
    )
    child_ids = list(Account.all_objects.filter(parent=account).values_list("pk", flat=True)[:500])
    children = list(scope(user, Account).filter(pk__in=child_ids).order_by("name")[:50])
    recent = list(
        scope(user, Interaction)
        .filter(account=account)
        .select_related("owner", "contact")
        .order_by("-occurred_at")[:20]
    )
    # The group's figures count what the user may see of it, not what exists: a subsidiary out of
    # their sight is neither counted nor named (nor are its contacts and interactions).
    group = group_ids(account)
    stats = {"group_accounts": scope(user, Account).filter(pk__in=group).count()}
    if can_any(user, "contact", Operation.VIEW):
        stats["group_contacts"] = scope(user, Contact).filter(account_id__in=group).count()
    if can_any(user, "interaction", Operation.VIEW):
        stats["group_interactions"] = scope(user, Interaction).filter(account_id__in=group).count()
    chain = ancestors(account)
    seen = set(scope(user, Account).filter(pk__in=[a.pk for a in chain]).values_list("pk", flat=True))
    return {
        "contacts": contacts,
        "roles": roles,
        "points": points,
        "children": children,
        "interactions": recent,
        "ancestors": [{"pk": a.pk, "name": a.name if a.pk in seen else "", "visible": a.pk in seen} for a in chain],
        "stats": stats,
    }


# What other domains read of the customer hub. They reach accounts, contacts and regions through
# these functions (and the registry's object types and services), never through the models.


def accounts() -> models.QuerySet[Account]:
    """Every live account, unscoped: for rules that run as the system (territories, conflicts,
    targets). Pages and the API start from `scope(user, "account")` instead."""
    return Account.objects.all()


def account_ids_of_contacts(contact_ids: list[Any]) -> set[Any]:
    """The accounts the given contacts work at."""
    rows = Contact.objects.filter(pk__in=contact_ids, account__isnull=False).values_list("account_id", flat=True)
    return set(rows)


def regions_below(region_ids: list[Any]) -> set[Any]:
    """The given regions and every region under them (a province and its cities)."""
    return set(Region.with_descendants(region_ids))


def region_choices() -> list[tuple[Any, str]]:
    """Every region as (id, indented name), in tree order, for a choice field."""
    return list(Region.choice_tree())


def account_points(account_ids: Any, kinds: list[str]) -> models.QuerySet[ContactPoint]:
    """The contact points of these kinds (phone, email …) on the given accounts, normalised value set."""
    return ContactPoint.objects.filter(object_type="account", object_id__in=account_ids, kind__in=kinds).exclude(
        normalized=""
    )


def account_ids_with_point(normalized: str) -> models.QuerySet[ContactPoint, Any]:
    """The ids of the accounts that have a contact point with this normalised value (a subquery)."""
    return ContactPoint.objects.filter(object_type="account", normalized=normalized).values_list("object_id", flat=True)
