"""Running a record action (registry.ObjectAction) the same way from the page and the API: the
right on the record, the right to create what it makes, the record's state, the inputs, then the
service call in one transaction. The page and the API differ only in how they answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from guanxi.access.models import User
from guanxi.access.scoping import can, can_create
from guanxi.core.actor import Actor, acting_as
from guanxi.core.errors import PermissionDenied
from guanxi.core.registry import ObjectAction, ObjectType


def offered(user: User, ot: ObjectType, obj: models.Model) -> list[ObjectAction]:
    """The actions the record's page shows this user: allowed, and available in its state."""
    return [a for a in ot.actions if allowed(user, a, obj) and is_available(a, obj)]


def allowed(user: User, action: ObjectAction, obj: models.Model) -> bool:
    return can(user, action.operation, obj) and all(can_create(user, key) for key in action.creates)


def is_available(action: ObjectAction, obj: models.Model) -> bool:
    return action.available is None or bool(action.available(obj))


def clean_inputs(action: ObjectAction, data: Any) -> dict[str, str]:
    """The action's inputs from a form or a JSON body, trimmed and checked field by field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for spec in action.inputs:
        raw = data.get(spec.name, "") if data is not None else ""
        value = str(raw if raw is not None else "").strip()
        if spec.required and not value:
            errors[spec.name] = [_("This field is required.")]
        elif len(value) > spec.max_length:
            errors[spec.name] = [
                _("Use at most {n} characters (this has {m}).").format(n=spec.max_length, m=len(value))
            ]
        cleaned[spec.name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def perform(user: User, action: ObjectAction, obj: models.Model, data: Any, *, actor: Actor) -> Any:
    """Run the action for `user` (who may see `obj`): refused (PermissionDenied) without the
    operation or the right to create what it makes; a ValidationError naming the field when the
    record's state does not allow it now or an input is wrong; else the service's result (the
    record it made, or None), written atomically."""
    if not can(user, action.operation, obj):
        raise PermissionDenied(_("You may not do this with this record."))
    if not all(can_create(user, key) for key in action.creates):
        raise PermissionDenied(_("You may not create this kind of record."))
    if not is_available(action, obj):
        raise ValidationError(
            {"status": [_("“{action}” is not possible for this record now.").format(action=action.label)]}
        )
    inputs = clean_inputs(action, data)
    with transaction.atomic(), acting_as(actor):
        return action.run(obj, actor, inputs)
