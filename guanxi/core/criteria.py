"""Conditions on an object type's fields, written as text (`field=value`): the list filters, saved
views, sharing rules and assignment rules all read them the same way."""

from __future__ import annotations

import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from guanxi.core.dates import storable_datetime
from guanxi.core.registry import ObjectType


def parse_value(field: models.Field[Any, Any], raw: str) -> Any:
    """Turn a filter's text into the field's Python value, or raise a clear error."""
    if raw in ("", "null") and field.null:
        return None
    try:
        if isinstance(field, models.ForeignKey):
            return field.target_field.to_python(raw)
        if isinstance(field, models.UUIDField):
            return uuid.UUID(raw)
        if isinstance(field, models.BooleanField):
            if raw.lower() in ("true", "1", "yes"):
                return True
            if raw.lower() in ("false", "0", "no"):
                return False
            raise ValueError(raw)
        if isinstance(field, models.IntegerField | models.AutoField):
            return int(raw)
        if isinstance(field, models.DecimalField):
            return decimal.Decimal(raw)
        if isinstance(field, models.DateTimeField):
            value = parse_datetime(raw)
            if value is None:
                raise ValueError(raw)
            return storable_datetime(value)
        if isinstance(field, models.DateField):
            value_d = parse_date(raw)
            if value_d is None:
                raise ValueError(raw)
            return value_d
    except (ValueError, decimal.InvalidOperation, TypeError, ValidationError):
        raise ValidationError({field.name: [_("“{value}” is not a valid value.").format(value=raw)]}) from None
    if field.choices and raw not in {str(k) for k, _label in field.flatchoices}:
        raise ValidationError({field.name: [_("“{value}” is not one of the choices.").format(value=raw)]})
    return raw


def field_filter_q(ot: ObjectType, name: str, raw: Any) -> Q:
    """The condition `name=raw` on a filterable field: several values comma-separated mean any of
    them, `null` means empty, and a tree (regions) includes everything below the chosen node."""
    field = ot.field(name)
    parsed = [parse_value(field, part) for part in str(raw).split(",")]
    if name in ot.field_choices:
        allowed = {value for value, _label in ot.choices(name) or []}
        bad = [v for v in parsed if v is not None and v not in allowed]
        if bad:
            raise ValidationError({name: [_("“{value}” is not one of the choices.").format(value=bad[0])]})
    values = [v for v in parsed if v is not None]
    lookup = field.attname if isinstance(field, models.ForeignKey) else name
    expand = getattr(field.related_model, "with_descendants", None) if field.is_relation else None
    if expand is not None and values:
        values = expand(values)  # a tree: a province also finds the accounts in its cities
    q = Q(**{f"{lookup}__isnull": True}) if len(values) < len(parsed) else Q(pk__in=[])
    if len(values) == 1:
        q |= Q(**{lookup: values[0]})
    elif values:
        q |= Q(**{f"{lookup}__in": values})
    return q


def criteria_q(ot: ObjectType, criteria: Mapping[str, Any]) -> Q:
    """Every condition of a saved criteria set (sharing rules, views): `{field: value}`, ANDed."""
    q = Q()
    errors: dict[str, list[str]] = {}
    for name, raw in criteria.items():
        if name not in ot.filter_fields:
            errors[name] = [_("You cannot filter by “{name}”.").format(name=name)]
            continue
        try:
            q &= field_filter_q(ot, name, raw)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return q
