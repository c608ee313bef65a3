"""Customer-hub endpoints beyond the generic CRUD: the 360° payload, contact points, lead conversion.

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import HttpError

from guanxi.access.choices import Operation
from guanxi.access.scoping import can_create, fields, scope
from guanxi.api.generic import MovedToPlural, RowId, api_user, require_scope, serialize_page
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source

from . import selectors, services
from .choices import AddressOrder, Consent, PointKind
from .models import Account, ContactPoint, Lead


class PointOut(Schema):
    id: int
    kind: str
    label: str
    value: str
    normalized: str
    is_primary: bool
    is_valid: bool
    invalid_reason: str
    opted_out: bool
    consent: str
    address_order: str
    country: str
    province: str
    city: str
    district: str
    street: str
    postcode: str


class PointIn(Schema):
    kind: PointKind
    value: str = Field("", max_length=500)
    label: str = Field("", max_length=60)
    is_primary: bool = False
    is_valid: bool = True
    invalid_reason: str = Field("", max_length=200)
    opted_out: bool = False
    consent: Consent = Consent.UNKNOWN
    address_order: AddressOrder = AddressOrder.CHINESE
    country: str = Field("", max_length=80)
    province: str = Field("", max_length=80)
    city: str = Field("", max_length=80)
    district: str = Field("", max_length=80)
    street: str = Field("", max_length=255)
    postcode: str = Field("", max_length=20)


class ConvertIn(Schema):
    account_id: uuid.UUID | None = None
    account_name: str = Field("", max_length=200)
    contact_role: str = Field("", max_length=120)
    options: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description=_('more to create, by step, e.g. {"opportunity": {"name": "…", "amount": "250000"}}'),
    )


class ConvertOut(Schema):
    account_id: uuid.UUID
    contact_id: uuid.UUID
    created: dict[str, uuid.UUID] = Field(default_factory=dict, description=_("what the other steps created"))


def _actor(request: HttpRequest) -> Actor:
    return Actor(api_user(request), Source.API)


def _parent(request: HttpRequest, object_type: str, record_id: uuid.UUID, op: str) -> Any:
    if object_type not in ("account", "contact", "lead"):
        raise HttpError(404, _("Not found"))
    require_scope(request, object_type, write=op != Operation.VIEW)
    obj = scope(api_user(request), object_type, op).filter(pk=record_id).first()
    if obj is None:
        raise HttpError(404, _("Not found"))
    return obj


def _key_of(collection: str) -> str:
    """The object key of an API collection (accounts → account); 404 for any other word."""
    ot = registry.by_api_name(collection)
    if ot is None and registry.maybe(collection) is not None:
        raise MovedToPlural  # the old singular address: redirected
    if ot is None:
        raise HttpError(404, _("Not found"))
    return ot.key


def build_router() -> Router:
    router = Router(tags=[_("Customer hub")])

    @router.get(
        "/accounts/{record_id}/360", response=dict[str, Any], operation_id="account_360", summary=_("Account 360° view")
    )
    def account_360(request: HttpRequest, record_id: uuid.UUID) -> dict[str, Any]:
        acc = _parent(request, "account", record_id, Operation.VIEW)
        data = selectors.account_360(api_user(request), acc)
        user = api_user(request)
        shown = fields(user, "interaction")
        contacts = serialize_page(registry.get("contact"), list(data["contacts"]), user, None)
        return {
            "account": serialize_page(registry.get("account"), [acc], user, None)[0],
            "contacts": [{**c, "role": data["roles"].get(c["id"], "")} for c in contacts],
            "contact_points": [PointOut.from_orm(p).model_dump() for p in data["points"]],
            "children": [{"id": str(c.pk), "name": c.name} for c in data["children"]],
            "ancestors": [{"id": str(a["pk"]), "name": a["name"]} for a in data["ancestors"]],
            "interactions": [
                {
                    k: v
                    for k, v in {
                        "id": str(i.pk),
                        "occurred_at": i.occurred_at,
                        "channel": i.channel,
                        "direction": i.direction,
                        "subject": i.subject,
                        "owner": str(i.owner or ""),
                    }.items()
                    if k == "id" or shown.can_read(k)
                }
                for i in data["interactions"]
            ],
            "stats": data["stats"],
            "sections": selectors.sections_360(user, acc),
        }

    @router.get(
        "/{collection}/{record_id}/contact-points",
        response=list[PointOut],
        operation_id="list_contact_points",
        summary=_("Contact points of a record"),
    )
    def list_points(request: HttpRequest, collection: str, record_id: uuid.UUID) -> list[ContactPoint]:
        object_type = _key_of(collection)
        parent = _parent(request, object_type, record_id, Operation.VIEW)
        return selectors.visible_points(api_user(request), object_type, services.points_of(parent))

    @router.post(
        "/{collection}/{record_id}/contact-points",
        response={201: PointOut},
        operation_id="add_contact_point",
        summary=_("Add a contact point"),
    )
    def add_point(request: HttpRequest, collection: str, record_id: uuid.UUID, payload: PointIn) -> Status:
        parent = _parent(request, _key_of(collection), record_id, Operation.EDIT)
        return Status(201, services.save_contact_point(parent, payload.model_dump(), actor=_actor(request)))

    @router.delete(
        "/{collection}/{record_id}/contact-points/{point_id}",
        response={204: None},
        operation_id="delete_contact_point",
        summary=_("Remove a contact point"),
    )
    def delete_point(request: HttpRequest, collection: str, record_id: uuid.UUID, point_id: RowId) -> Status:
        object_type = _key_of(collection)
        parent = _parent(request, object_type, record_id, Operation.EDIT)
        point = ContactPoint.objects.filter(object_type=object_type, object_id=parent.pk, pk=point_id).first()
        if point is None:
            raise HttpError(404, _("Not found"))
        services.delete_contact_point(point, actor=_actor(request))
        return Status(204, None)

    @router.post(
        "/leads/{record_id}/convert",
        response={201: ConvertOut},
        operation_id="convert_lead",
        summary=_("Convert a lead into an account and a contact"),
    )
    def convert(request: HttpRequest, record_id: uuid.UUID, payload: ConvertIn) -> Status:
        lead: Lead = _parent(request, "lead", record_id, Operation.EDIT)
        account = None
        require_scope(request, "account", write=True)
        require_scope(request, "contact", write=True)
        if not (can_create(api_user(request), "account") and can_create(api_user(request), "contact")):
            raise HttpError(403, _("You may not create this kind of record."))
        if payload.account_id:
            account = scope(api_user(request), Account, Operation.EDIT).filter(pk=payload.account_id).first()
            if account is None:
                raise HttpError(404, _("Not found"))
        created: dict[str, Any] = {}
        acc, contact = services.convert_lead(
            lead,
            actor=_actor(request),
            account=account,
            account_name=payload.account_name,
            contact_role=payload.contact_role,
            options=payload.options,
            created=created,
        )
        made = {key: obj.pk for key, obj in created.items()}
        return Status(201, {"account_id": acc.pk, "contact_id": contact.pk, "created": made})

    return router


@registry.api_hook
def mount(api: NinjaAPI) -> None:
    api.add_router("/v1/", build_router())
