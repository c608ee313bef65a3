"""Writes of the customer hub: accounts, contacts, leads, contact points, interactions, lead conversion.

Every function takes `*, actor` and runs in one transaction; history and events come from the
generic `RecordService` flow these classes extend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.access.scoping import field_restriction
from guanxi.core import events, phones, registry
from guanxi.core.actor import Actor
from guanxi.core.errors import PermissionDenied
from guanxi.core.events import Event
from guanxi.core.models import Note
from guanxi.history.choices import Action
from guanxi.history.services import record_change
from guanxi.records.services import RecordService, owner_inherited

from .choices import AccountType, Consent, LeadStatus, Lifecycle, PointKind, RegionKind
from .models import Account, AccountContact, Contact, ContactPoint, Interaction, Lead, LifecycleChange, Region
from .selectors import POINT_FIELDS as FIELDS_BEHIND_POINTS

PHONE_KINDS = {PointKind.PHONE, PointKind.MOBILE, PointKind.FAX}


def _points_text(object_type: str, pk: Any) -> str:
    """Phones' national digits and E.164, and emails, so search finds them in any format."""
    if pk is None:
        return ""
    parts: list[str] = []
    for kind, normalized in ContactPoint.objects.filter(object_type=object_type, object_id=pk).values_list(
        "kind", "normalized"
    ):
        parts.append(normalized)
        if kind in PHONE_KINDS:
            parts.append(phones.search_digits(normalized))
    return " ".join(parts)


class AccountService(RecordService):
    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Account)
        if obj.parent_id is not None and not creating:
            ancestor = obj.parent
            seen = 0
            while ancestor is not None and seen < 50:
                if ancestor.pk == obj.pk:
                    raise ValidationError({"parent": [_("An account cannot be its own parent or ancestor.")]})
                ancestor = ancestor.parent
                seen += 1

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Account)
        return " ".join([obj.name, obj.website, _points_text("account", obj.pk)])

    def after_write(self, obj: models.Model, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:
        assert isinstance(obj, Account)
        if "lifecycle_stage" in changes:
            old, new = changes["lifecycle_stage"]
            LifecycleChange.objects.create(account=obj, stage=new, previous=old or "", by=actor.user)
            Account.objects.filter(pk=obj.pk).update(lifecycle_changed_at=timezone.now())


class ContactService(RecordService):
    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Contact)
        return " ".join([obj.name, obj.title, _points_text("contact", obj.pk)])

    def after_write(self, obj: models.Model, action: str, changes: dict[str, tuple[Any, Any]], *, actor: Actor) -> None:
        assert isinstance(obj, Contact)
        if "account" in changes and obj.account_id:
            AccountContact.objects.get_or_create(account_id=obj.account_id, contact=obj)


class LeadService(RecordService):
    def prepare(self, obj: models.Model, data: dict[str, Any], *, actor: Actor, creating: bool) -> None:
        super().prepare(obj, data, actor=actor, creating=creating)
        assert isinstance(obj, Lead)
        obj.email = (obj.email or "").strip().lower()
        if obj.phone:
            try:
                obj.phone = phones.normalize_phone(obj.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from None

    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Lead)
        digits = phones.search_digits(obj.phone) if obj.phone else ""
        return " ".join([obj.name, obj.company, obj.phone, digits, obj.email])


class InteractionService(RecordService):
    def search_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Interaction)
        return obj.subject

    def validate(self, obj: models.Model, *, actor: Actor, creating: bool) -> None:
        assert isinstance(obj, Interaction)
        if obj.contact_id and obj.account_id and obj.contact is not None:
            linked = (
                obj.contact.account_id == obj.account_id
                or AccountContact.objects.filter(account_id=obj.account_id, contact_id=obj.contact_id).exists()
            )
            if not linked:
                raise ValidationError({"contact": [_("This contact is not linked to the account.")]})


# --- contact points -----------------------------------------------------------------------------

POINT_FIELDS = (
    "kind",
    "label",
    "value",
    "is_primary",
    "is_valid",
    "invalid_reason",
    "opted_out",
    "consent",
    "address_order",
    "country",
    "province",
    "city",
    "district",
    "street",
    "postcode",
)


def normalize_point(point: ContactPoint) -> None:
    """Fill `normalized` and the display value; raise a field-level error for bad input."""
    kind = point.kind
    if kind not in PointKind.values:
        raise ValidationError({"kind": [_("Choose a valid kind.")]})
    if kind in PHONE_KINDS:
        try:
            point.normalized = phones.normalize_phone(point.value)
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from None
        point.value = phones.display(point.normalized)
    elif kind == PointKind.EMAIL:
        email = point.value.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"value": [_("Enter a valid email address.")]}) from None
        point.value = point.normalized = email
    elif kind == PointKind.ADDRESS:
        if not (point.street or point.city or point.value):
            raise ValidationError({"street": [_("Give at least a street or a city.")]})
        parts = [point.country, point.province, point.city, point.district, point.street]
        if point.address_order == "cn":
            point.value = "".join(p for p in parts if p) + (f" {point.postcode}" if point.postcode else "")
        else:
            point.value = ", ".join(
                p
                for p in [point.street, point.district, point.city, point.province, point.postcode, point.country]
                if p
            )
        point.normalized = point.value.lower()
    else:
        value = point.value.strip()
        if not value:
            raise ValidationError({"value": [_("This field is required.")]})
        point.value = value
        point.normalized = value.lower()


def _sync_primary(parent: models.Model, object_type: str) -> None:
    """Copy the primary phone and email onto the parent so lists need no join, and reindex it."""
    points = list(ContactPoint.objects.filter(object_type=object_type, object_id=parent.pk, is_valid=True))

    def pick(kinds: set[str]) -> str:
        chosen = [p for p in points if p.kind in kinds]
        chosen.sort(key=lambda p: (not p.is_primary, p.id))
        return chosen[0].value if chosen else ""

    ot = registry.for_model(parent)
    model = type(parent)
    fields: dict[str, Any] = {}
    if hasattr(parent, "primary_phone"):
        fields["primary_phone"] = pick({PointKind.MOBILE, PointKind.PHONE})
        fields["primary_email"] = pick({PointKind.EMAIL})
    model.all_objects.filter(pk=parent.pk).update(  # type: ignore[attr-defined]
        **fields, search_text=ot.service.search_text(parent).lower()[:4000]
    )


@transaction.atomic
def _check_point_rights(object_type: str, kind: str, actor: Actor) -> None:
    """A phone or email point stands behind the record's phone / email field: a role for which
    that field is hidden or read-only may not add, change or remove such points."""

    behind = FIELDS_BEHIND_POINTS.get(object_type, {}).get(kind)
    if behind and field_restriction(actor.user, object_type, behind) is not None:
        raise PermissionDenied(_("You may not change the field “{name}”.").format(name=behind), field=behind)


def save_contact_point(
    parent: models.Model, data: dict[str, Any], *, actor: Actor, point: ContactPoint | None = None
) -> ContactPoint:
    ot = registry.for_model(parent)
    ot.service.check_writable(parent, actor=actor)
    _check_point_rights(ot.key, str(data.get("kind") or (point.kind if point else "")), actor)
    creating = point is None
    point = point or ContactPoint(object_type=ot.key, object_id=parent.pk)
    before = point.value if not creating else None
    unknown = [k for k in data if k not in POINT_FIELDS]
    if unknown:
        raise ValidationError({k: [_("This field cannot be set.")] for k in unknown})
    for name, value in data.items():
        setattr(point, name, value if value is not None else "")
    if not point.address_order:  # a form left it empty: the default order, not an error
        point.address_order = ContactPoint._meta.get_field("address_order").get_default()
    normalize_point(point)
    if not point.is_valid and point.invalid_since is None:
        point.invalid_since = timezone.now()
    if point.is_valid:
        point.invalid_reason, point.invalid_since = "", None
    if "consent" in data:
        point.consent_at = timezone.now() if point.consent != Consent.UNKNOWN else None
    point.updated_at = timezone.now()
    try:
        point.full_clean(exclude=["object_id"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    if point.is_primary:
        same = PHONE_KINDS if point.kind in PHONE_KINDS else {point.kind}
        ContactPoint.objects.filter(object_type=ot.key, object_id=parent.pk, kind__in=same).exclude(pk=point.pk).update(
            is_primary=False
        )
    point.save()
    record_change(
        object_type=ot.key,
        obj=parent,
        action=Action.UPDATED,
        actor=actor,
        label=ot.title(parent),
        changes={f"contact_point.{point.get_kind_display()}": (before, point.value)},
    )
    _sync_primary(parent, ot.key)
    return point


@transaction.atomic
def delete_contact_point(point: ContactPoint, *, actor: Actor) -> None:
    ot = registry.get(point.object_type)
    parent = ot.all_records().get(pk=point.object_id)
    ot.service.check_writable(parent, actor=actor)
    _check_point_rights(ot.key, point.kind, actor)
    record_change(
        object_type=ot.key,
        obj=parent,
        action=Action.UPDATED,
        actor=actor,
        label=ot.title(parent),
        changes={f"contact_point.{point.get_kind_display()}": (point.value, None)},
    )
    point.delete()
    _sync_primary(parent, ot.key)


def points_of(parent: models.Model) -> list[ContactPoint]:
    ot = registry.for_model(parent)
    return list(ContactPoint.objects.filter(object_type=ot.key, object_id=parent.pk))


# --- lead conversion ----------------------------------------------------------------------------


def likely_duplicates(lead: Lead, accounts: models.QuerySet[Account], *, limit: int = 5) -> list[Account]:
    """Accounts (already scoped by the caller) matching the lead's company name, phone or email."""
    found: dict[Any, Account] = {}
    if lead.company:
        for acc in accounts.filter(name__iexact=lead.company.strip())[:limit]:
            found[acc.pk] = acc
    values = [v for v in (lead.phone, (lead.email or "").lower()) if v]
    if values:
        ids = ContactPoint.objects.filter(object_type="account", normalized__in=values).values("object_id")
        for acc in accounts.filter(pk__in=ids)[:limit]:
            found[acc.pk] = acc
    return list(found.values())[:limit]


# Steps other apps add to a lead's conversion (sales: the first opportunity), so the customer hub
# need not know them. `step(lead=, account=, contact=, options=, actor=)` runs in the conversion's
# transaction with `options[key]`, returns the record it created (or None when not asked to), and
# refuses with a ValidationError whose fields are prefixed `<key>.` — the whole conversion then
# writes nothing.
_conversion_steps: dict[str, Callable[..., models.Model | None]] = {}
# The fields each step adds to the conversion form; a field `name` of step `key` is named
# `key__name` on the form and arrives as `options[key][name]`.
_conversion_fields: dict[str, Callable[[], dict[str, Any]]] = {}
# What each step proposes in its fields for a lead (the deal's name), by field name.
_conversion_initial: dict[str, Callable[[Any], dict[str, Any]]] = {}


def add_conversion_step(
    key: str,
    step: Callable[..., models.Model | None],
    *,
    fields: Callable[[], dict[str, Any]] | None = None,
    initial: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    _conversion_steps[key] = step
    if fields is not None:
        _conversion_fields[key] = fields
    if initial is not None:
        _conversion_initial[key] = initial


def conversion_initial(lead: Any) -> dict[str, Any]:
    """The conversion form's proposed values for this lead, as the form names them (`key__name`)."""
    return {f"{key}__{name}": value for key, make in _conversion_initial.items() for name, value in make(lead).items()}


def conversion_fields() -> dict[str, Callable[[], dict[str, Any]]]:
    """The form fields of every conversion step that asks for some, by the step's key."""
    return dict(_conversion_fields)


@transaction.atomic
def convert_lead(
    lead: Lead,
    *,
    actor: Actor,
    account: Account | None = None,
    account_name: str = "",
    contact_role: str = "",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    created: dict[str, models.Model] | None = None,
) -> tuple[Account, Contact]:
    """Turn a lead into an account (new, or the existing one given) and a contact, in one step.
    The lead keeps pointing at both, and its change history and notes stay reachable from them.
    `options` asks other apps' steps for more (e.g. `{"opportunity": {"name": …}}`); what they
    create is put in `created` by key."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == LeadStatus.CONVERTED:
        raise ValidationError({"__all__": [_("This lead has already been converted.")]})
    accounts = registry.get("account").service
    contacts = registry.get("contact").service
    if account is None:
        name = (account_name or lead.company or lead.name).strip()
        with owner_inherited():  # the new customer is the lead's owner's, whoever converts it
            account = accounts.create(
                {
                    "name": name,
                    "account_type": AccountType.PROSPECT,
                    "lifecycle_stage": Lifecycle.PROSPECT,
                    "source": lead.source,
                    "region": lead.region,
                    "industry": lead.industry,
                    "owner": lead.owner,
                    "description": lead.description,
                },
                actor=actor,
            )
    assert account is not None
    with owner_inherited():
        contact: Contact = contacts.create(
            {"name": lead.name, "title": lead.title, "account": account, "owner": lead.owner}, actor=actor
        )
    AccountContact.objects.update_or_create(account=account, contact=contact, defaults={"role": contact_role})
    if lead.phone:
        save_contact_point(contact, {"kind": PointKind.MOBILE, "value": lead.phone, "is_primary": True}, actor=actor)
    if lead.email:
        save_contact_point(contact, {"kind": PointKind.EMAIL, "value": lead.email, "is_primary": True}, actor=actor)
    # Keep the lead's notes on the new records: copy them to the contact, pointing back at the lead.
    for note in Note.objects.filter(object_type="lead", object_id=lead.pk):
        Note.objects.create(
            object_type="contact", object_id=contact.pk, body=note.body, author=note.author, created_at=note.created_at
        )
    extra: dict[str, models.Model] = {}
    errors: dict[str, list[str]] = {}
    for key, step in _conversion_steps.items():
        try:
            made = step(
                lead=lead, account=account, contact=contact, options=(options or {}).get(key) or {}, actor=actor
            )
        except ValidationError as exc:
            errors.update({f"{key}.{name}": messages for name, messages in exc.message_dict.items()})
            continue
        if made is not None:
            extra[key] = made
    if errors:
        raise ValidationError(errors)
    if created is not None:
        created.update(extra)
    registry.get("lead").service.update(lead, {"status": LeadStatus.CONVERTED}, actor=actor)
    Lead.objects.filter(pk=lead.pk).update(
        converted_account=account, converted_contact=contact, converted_at=timezone.now()
    )
    record_change(
        object_type="lead",
        obj=lead,
        action=Action.CONVERTED,
        actor=actor,
        label=lead.name,
        changes={
            "converted_account": (None, account),
            "converted_contact": (None, contact),
            **{f"converted_{key}": (None, made) for key, made in extra.items()},
        },
    )
    return account, contact


@transaction.atomic
def log_interaction(data: dict[str, Any], *, actor: Actor) -> Interaction:
    return registry.get("interaction").service.create(data, actor=actor)


REGION_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,19}$")


def save_region(data: dict[str, Any], *, actor: Actor, instance: Region | None = None) -> Region:
    """Create or rename an administrator's own sales region. The preloaded countries, provinces and
    cities come from data packages and are not edited here."""
    errors: dict[str, list[str]] = {}
    if instance is not None and instance.kind != RegionKind.SALES:
        raise ValidationError(_("Preloaded regions cannot be changed; add a sales region instead."))
    code = str(data.get("code") or "").strip()
    if instance is None:
        if not REGION_CODE.match(code):
            errors["code"] = [_("Use 2 to 20 letters, digits, hyphens or underscores, e.g. EAST-1.")]
        elif Region.objects.filter(code__iexact=code).exists():
            errors["code"] = [_("A region with this code already exists.")]
    names = {f: str(data.get(f) or "").strip() for f in ("name_en", "name_zh_hans", "name_zh_hant")}
    if not any(names.values()):
        errors["name_en"] = [_("Give the region a name in at least one language.")]
    parent = data.get("parent")
    if parent is not None and instance is not None and parent.pk in Region.with_descendants([instance.pk]):
        errors["parent"] = [_("A region cannot be placed under itself or one of its sub-regions.")]
    if errors:
        raise ValidationError(errors)
    fallback = names["name_zh_hans"] or names["name_zh_hant"] or names["name_en"]
    with transaction.atomic():
        region = instance or Region(code=code, kind=RegionKind.SALES)
        region.parent = parent
        region.name_en = names["name_en"] or fallback
        region.name_zh_hans = names["name_zh_hans"] or fallback
        region.name_zh_hant = names["name_zh_hant"] or names["name_zh_hans"] or fallback
        region.sort = int(data.get("sort") or 0)
        region.save()
        transaction.on_commit(Region.forget_cached)
        events.emit(Event("saved", "region", str(region.pk), actor.user_id, {"code": region.code}))
    return region


def delete_region(region: Region, *, actor: Actor) -> None:
    """Remove a sales region that nothing refers to."""
    if region.kind != RegionKind.SALES:
        raise ValidationError(_("Preloaded regions cannot be deleted."))
    if region.children.exists():
        raise ValidationError(_("This region has sub-regions; move or delete them first."))
    in_use = any(
        model._base_manager.filter(**{"region": region}).exists()
        for model in (Account, Contact, Lead)
        if any(f.name == "region" for f in model._meta.get_fields())
    )
    if in_use:
        raise ValidationError(_("Customers are assigned to this region; reassign them first."))
    with transaction.atomic():
        pk = region.pk
        region.delete()
        transaction.on_commit(Region.forget_cached)
        events.emit(Event("deleted", "region", str(pk), actor.user_id, {"code": region.code}))
