"""Writes of customization metadata, and validation of custom field values on any record write."""

from __future__ import annotations

import datetime
import decimal
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.text import unstorable_text

from .choices import FieldType
from .models import CustomField, CustomObject, CustomRecord, Picklist, PicklistOption
from .selectors import custom_fields_for, forget_custom_fields, forget_picklist

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


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
        from guanxi.core.phones import normalize_phone

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


@transaction.atomic
def save_custom_field(data: dict[str, Any], *, actor: Actor, instance: CustomField | None = None) -> CustomField:
    cf = instance or CustomField()
    for name, value in data.items():
        setattr(cf, name, value)
    errors: dict[str, list[str]] = {}
    if not KEY_RE.match(cf.key or ""):
        errors["key"] = [_("Use lower-case letters, digits and underscores, starting with a letter.")]
    if registry.maybe(cf.object_type) is None:
        errors["object_type"] = [_("Unknown object type.")]
    if cf.field_type in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not cf.choices:
        errors["choices"] = [_("Give at least one choice.")]
    if cf.field_type == FieldType.LOOKUP and registry.maybe(cf.lookup_object_type) is None:
        errors["lookup_object_type"] = [_("Choose the object type this field points to.")]
    if errors:
        raise ValidationError(errors)
    cf.full_clean()
    cf.save()
    forget_custom_fields()
    if registry.get(cf.object_type).custom:
        from . import objects

        objects.changed()  # the search covers its text fields
    return cf


def parse_choices(text: str) -> list[dict[str, str]]:
    """One choice per line: `value | English | 简体 | 繁體` (labels optional)."""
    choices = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        parts += [""] * (4 - len(parts))
        choices.append(
            {"value": parts[0], "label": parts[1] or parts[0], "label_zh_hans": parts[2], "label_zh_hant": parts[3]}
        )
    return choices


@transaction.atomic
def ensure_picklist(key: str, name: str, options: list[tuple[str, str, str, str]]) -> Picklist:
    """Create or extend a picklist with (value, English, 简体, 繁體) options; existing labels are kept."""
    picklist, _created = Picklist.objects.get_or_create(key=key, defaults={"name": name})
    for order, (value, en, hans, hant) in enumerate(options):
        PicklistOption.objects.get_or_create(
            picklist=picklist,
            value=value,
            defaults={"label": en, "label_zh_hans": hans, "label_zh_hant": hant, "order": order},
        )
    forget_picklist(key)
    return picklist


@transaction.atomic
def save_picklist_option(
    picklist: Picklist, data: dict[str, Any], *, actor: Actor, instance: PicklistOption | None = None
) -> PicklistOption:
    option = instance or PicklistOption(picklist=picklist)
    for name, value in data.items():
        setattr(option, name, value)
    option.full_clean()
    option.save()
    forget_picklist(picklist.key)
    return option


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


OBJECT_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
STATUS_VALUE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
# Words the pages already use under /app/<word>/: an object type cannot take them.
RESERVED_KEYS = {"admin", "api", "approvals", "attachments", "new", "notifications", "search", "settings", "trash"}


@transaction.atomic
def save_custom_object(data: dict[str, Any], *, actor: Actor, instance: CustomObject | None = None) -> CustomObject:
    """Define or change a custom object. `data`: key (fixed once created), label / label_plural /
    name_label with their zh_hans and zh_hant variants, statuses [{value, label, label_zh_hans,
    label_zh_hant}] in board order (empty: no status field), icon, order, active."""
    from guanxi.access.services import audit

    from . import objects

    obj = instance or CustomObject()
    old_statuses: list[dict[str, str]] = list(obj.statuses) if instance else []
    before = {"label": obj.label, "statuses": old_statuses, "active": obj.active} if instance else {}
    errors: dict[str, list[str]] = {}
    if instance is not None and data.get("key", obj.key) != obj.key:
        errors["key"] = [_("The key of an object cannot change: links and API clients use it.")]
    for name, value in data.items():
        setattr(obj, name, value)
    if instance is None:
        if not OBJECT_KEY_RE.match(obj.key or ""):
            errors["key"] = [_("Use 2 to 40 lower-case letters, digits and underscores, starting with a letter.")]
        elif obj.key in RESERVED_KEYS or ((known := registry.maybe_loaded(obj.key)) is not None and not known.custom):
            errors["key"] = [_("This key is taken; choose another.")]
        elif CustomObject.objects.filter(key=obj.key).exists():
            errors["key"] = [_("A custom object with this key exists.")]
    for name in ("label", "label_plural"):
        if not str(getattr(obj, name) or "").strip():
            errors[name] = [_("This field is required.")]
    values = [str(s.get("value", "")) for s in obj.statuses]
    bad = [v for v in values if not STATUS_VALUE_RE.match(v)]
    if bad:
        errors["statuses"] = [
            _("“{value}”: a status value uses letters, digits, dot, dash and underscore.").format(value=bad[0])
        ]
    elif len(set(values)) != len(values):
        errors["statuses"] = [_("Each status value may appear once.")]
    elif instance is not None:
        dropped = {s["value"] for s in old_statuses} - set(values)
        in_use = (
            CustomRecord.objects.filter(object_type=obj.key, status__in=dropped).values_list("status", flat=True)
            if dropped
            else []
        )
        if in_use:
            used = sorted(set(in_use))
            errors["statuses"] = [
                _("Records are still in the status “{value}”; move them to another status first.").format(value=used[0])
            ]
    if errors:
        raise ValidationError(errors)
    obj.full_clean()
    obj.save()
    audit(
        actor=actor,
        area="custom_object",
        target=obj.key,
        action="created" if instance is None else "changed",
        before=before,
        after={"label": obj.label, "statuses": obj.statuses, "active": obj.active},
    )
    objects.changed()  # this process (and this transaction) sees it at once
    transaction.on_commit(objects.changed)  # others reload after commit, when they can read it
    return obj
