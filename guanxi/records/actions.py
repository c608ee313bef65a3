"""Running a record action (registry.ObjectAction) the same way from the page and the API: the
right on the record, the right to create what it makes, the record's state, the inputs, then the
service call in one transaction. The page and the API differ only in how they answer."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from guanxi.access.models import User
from guanxi.access.scoping import can, can_create
from guanxi.core.actor import Actor, acting_as
from guanxi.core.errors import PermissionDenied
from guanxi.core.registry import ActionInput, ObjectAction, ObjectType


def offered(user: User, ot: ObjectType, obj: models.Model) -> list[ObjectAction]:
    """The actions the record's page shows this user: allowed, and available in its state."""
    return [a for a in ot.actions if a.in_header and allowed(user, a, obj) and is_available(a, obj)]


def allowed(user: User, action: ObjectAction, obj: models.Model) -> bool:
    return can(user, action.operation, obj) and all(can_create(user, key) for key in action.creates)


def is_available(action: ObjectAction, obj: models.Model) -> bool:
    return action.available is None or bool(action.available(obj))


def clean_inputs(action: ObjectAction, data: Any, files: Any = None) -> dict[str, Any]:
    """The action's inputs from a form or a JSON body, trimmed and checked field by field: a text
    as str, a decimal as Decimal, a date as date, a choice as one of its values; or, for an action
    with a form, its cleaned data (with the files a page uploaded: an expense's receipt)."""
    if action.form is not None:
        return _form_inputs(action.form, data, files)
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in action.inputs:
        raw = data.get(spec.name, "") if data is not None else ""
        value = str(raw if raw is not None else "").strip()
        if spec.required and not value:
            errors[spec.name] = [_("This field is required.")]
            continue
        if len(value) > spec.max_length:
            errors[spec.name] = [
                _("Use at most {n} characters (this has {m}).").format(n=spec.max_length, m=len(value))
            ]
            continue
        try:
            cleaned[spec.name] = _typed(spec, value)
        except ValueError as exc:
            errors[spec.name] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _form_inputs(form_class: type[forms.Form], data: Any, files: Any = None) -> dict[str, Any]:
    """Bind the action's form to a page's POST or to a JSON body (whose numbers, ids and booleans
    become the strings a form reads); its errors are the ValidationError's, field by field."""
    if data is None:
        data = {}
    if not isinstance(data, QueryDict):
        data = {k: _as_form_value(v) for k, v in data.items() if v is not None}
    form = form_class(data, files)
    if not form.is_valid():
        raise ValidationError({name: [str(m) for m in errors] for name, errors in form.errors.items()})
    return dict(form.cleaned_data)


def _as_form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def _typed(spec: ActionInput, value: str) -> Any:
    if spec.kind == "decimal":
        if not value:
            return None
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite() or number < 0:
            raise ValueError(_("Enter a number that is zero or more."))
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(_("Use at most two decimal places."))
        return number
    if spec.kind == "date":
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if spec.kind == "choice" and value:
        allowed = {str(v) for v, _label in (spec.choices() if spec.choices else [])}
        if value not in allowed:
            raise ValueError(_("“{value}” is not one of the choices.").format(value=value))
    return value


def perform(user: User, action: ObjectAction, obj: models.Model, data: Any, *, actor: Actor, files: Any = None) -> Any:
    """Run the action for `user` (who may see `obj`): refused (PermissionDenied) without the
    operation or the right to create what it makes; a ValidationError naming the field when the
    record's state does not allow it now or an input is wrong; else the service's result (the
    record it made, or None), written atomically."""
    if not can(user, action.operation, obj):
        raise PermissionDenied(_("You may not do this with this record."))
    if not all(can_create(user, key) for key in action.creates):
        raise PermissionDenied(_("You may not create this kind of record."))
    if not is_available(action, obj):
        said = action.unavailable or _("“{action}” is not possible for this record now.").format(action=action.label)
        raise ValidationError({"status": [str(said)]})
    inputs = clean_inputs(action, data, files)
    with transaction.atomic(), acting_as(actor):
        return action.run(obj, actor, inputs)
