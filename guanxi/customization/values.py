"""Custom field values on any record: cleaning what a write gives (the record service calls
`clean_custom_values` on every save) and the list filter `custom.<key>=value`."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from guanxi.core import registry
from guanxi.core.phones import normalize_phone
from guanxi.core.text import unstorable_text

from .choices import FieldType
from .models import CustomField
from .selectors import custom_fields_for


def _clean_one(cf: CustomField, value: Any) -> Any:
    t = cf.field_type
    if t in (FieldType.TEXT, FieldType.LONG_TEXT):
        text = str(value).strip()
        limit = 255 if t == FieldType.TEXT else 20000
        if len(text) > limit:
            raise ValidationError(_("At most {n} characters.").format(n=limit))
        return text
    if t == FieldType.NUMBER:
        if isinstance(value, bool):
            raise ValidationError(_("Enter a whole number."))
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise ValidationError(_("Enter a whole number.")) from None
        if number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number."))
        return int(number)
    if t in (FieldType.DECIMAL, FieldType.MONEY):
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        return str(number.quantize(decimal.Decimal("0.01")) if t == FieldType.MONEY else number)
    if t == FieldType.DATE:
        try:
            parsed = value if isinstance(value, datetime.date) else parse_date(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(_("Enter a valid date (YYYY-MM-DD)."))
        return parsed.isoformat()
    if t == FieldType.DATETIME:
        try:
            parsed_dt = value if isinstance(value, datetime.datetime) else parse_datetime(str(value).strip())
        except ValueError:
            parsed_dt = None
        if parsed_dt is None:
            raise ValidationError(_("Enter a valid date and time."))
        return parsed_dt.isoformat()
    if t == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "yes", "on"}:
            return True
        if text in {"false", "0", "no", "off"}:
            return False
        raise ValidationError(_("Enter yes or no."))
    if t == FieldType.CHOICE:
        allowed = {c["value"] for c in cf.choices}
        if str(value) not in allowed:
            raise ValidationError(_("“{value}” is not one of the choices.").format(value=value))
        return str(value)
    if t == FieldType.MULTI_CHOICE:
        values = value if isinstance(value, list) else [v for v in str(value).split(",") if v]
        allowed = {c["value"] for c in cf.choices}
        bad = [str(v) for v in values if str(v) not in allowed]
        if bad:
            raise ValidationError(_("“{value}” is not one of the choices.").format(value=", ".join(bad)))
        return [str(v) for v in values]
    if t == FieldType.EMAIL:
        email = str(value).strip().lower()
        EmailValidator(message=_("Enter a valid email address."))(email)
        return email
    if t == FieldType.PHONE:
        return normalize_phone(str(value))
    if t == FieldType.URL:
        url = str(value).strip()
        URLValidator(message=_("Enter a valid URL."))(url)
        return url
    if t == FieldType.LOOKUP:
        target = registry.maybe(cf.lookup_object_type)
        try:
            pk = uuid.UUID(str(value))
        except ValueError:
            raise ValidationError(_("Enter a valid record id.")) from None
        if target is None or not target.model._default_manager.filter(pk=pk).exists():
            raise ValidationError(_("No such record."))
        return str(pk)
    raise ValidationError(_("Unknown field type."))


def clean_custom_values(
    object_type: str,
    values: dict[str, Any],
    *,
    existing: dict[str, Any] | None = None,
    partial: bool = False,
    visible: Callable[[str, Any], bool] | None = None,
) -> dict[str, Any]:
    """Validate custom values for a write; returns the full new custom dict or raises with
    field-level errors keyed `custom.<key>`. `visible(object type, id)` says whether the writer may
    see a record a lookup field is given (the records layer passes the access layer's answer): a
    lookup to a record out of their sight is "no such record", like a foreign key."""
    fields = {cf.key: cf for cf in custom_fields_for(object_type)}
    result = dict(existing or {})
    errors: dict[str, list[str]] = {}
    for key in values:
        if key not in fields:
            errors[f"custom.{key}"] = [_("Unknown custom field.")]
    for key, cf in fields.items():
        if key not in values:
            if not partial and cf.required and result.get(key) in (None, "", []):
                errors[f"custom.{key}"] = [_("This field is required.")]
            continue
        raw = values[key]
        if raw is None or raw == "" or raw == []:
            if cf.required:
                errors[f"custom.{key}"] = [_("This field is required.")]
            else:
                result.pop(key, None)
            continue
        reason = unstorable_text(raw)
        if reason:
            errors[f"custom.{key}"] = [reason]
            continue
        try:
            result[key] = _clean_one(cf, raw)
        except ValidationError as exc:
            errors[f"custom.{key}"] = list(exc.messages)
            continue
        changed = (existing or {}).get(key) != result[key]
        lookup = cf.field_type == FieldType.LOOKUP and changed and visible is not None
        if lookup and not visible(cf.lookup_object_type, result[key]):  # type: ignore[misc]
            errors[f"custom.{key}"] = [_("No such record.")]
    if errors:
        raise ValidationError(errors)
    return result


def custom_filter_q(object_type: str, key: str, raw: Any) -> Q:
    """The condition for a list filter `custom.<key>=raw`: text-like fields match a substring, a
    multiple-choice field matches when it holds the value, every other type compares the cleaned
    value. Bad input raises with the error keyed `custom.<key>`."""
    cf = next((f for f in custom_fields_for(object_type) if f.key == key), None)
    if cf is None:
        raise ValidationError({f"custom.{key}": [_("Unknown custom field.")]})
    lookup = f"custom__{key}"
    text_like = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL, FieldType.URL, FieldType.PHONE)
    if cf.field_type in text_like:
        return Q(**{f"{lookup}__icontains": str(raw).strip()})
    try:
        if cf.field_type == FieldType.MULTI_CHOICE:
            values = _clean_one(cf, [raw])
            return Q(**{f"{lookup}__icontains": json.dumps(values[0])})
        return Q(**{lookup: _clean_one(cf, raw)})
    except ValidationError as exc:
        raise ValidationError({f"custom.{key}": list(exc.messages)}) from None
