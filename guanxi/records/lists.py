"""The list machinery shared by pages, the API and export: filters, search, sort, keyset pages,
bounded counts. Always applied to a queryset the access layer has already scoped."""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from guanxi.core import search
from guanxi.core.criteria import field_filter_q, parse_value
from guanxi.core.registry import ObjectType
from guanxi.core.text import unstorable_text
from guanxi.customization.values import custom_filter_q

if TYPE_CHECKING:
    from guanxi.access.scoping import FieldRules


@dataclass
class Page:
    items: list[models.Model]
    next_cursor: str | None
    sort: str


def apply_filters(
    ot: ObjectType, qs: models.QuerySet[Any], params: Mapping[str, Any], *, rules: FieldRules | None = None
) -> models.QuerySet[Any]:
    """Filter by `field=value` (several values comma-separated mean any of them), `custom.key=value`,
    and the object type's extra filters. Unknown parameters are ignored by the caller's choice.
    With the user's field `rules`, a filter on a field hidden from them is refused (a filter would
    otherwise reveal the hidden value), and search leaves hidden fields out."""
    errors: dict[str, list[str]] = {}
    for key, raw in params.items():
        reason = unstorable_text(raw)
        if reason:
            errors[key] = [reason]
    if errors:
        raise ValidationError(errors)
    hidden_filter = _("You cannot filter by “{name}”.")
    for name in ot.filter_fields:
        raw = params.get(name)
        if raw in (None, ""):
            continue
        if rules is not None and not rules.can_read(name):
            errors[name] = [hidden_filter.format(name=name)]
            continue
        try:
            qs = qs.filter(field_filter_q(ot, name, raw))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for name, fn in ot.extra.get("filters", {}).items():
        raw = params.get(name)
        if raw not in (None, ""):
            try:
                qs = fn(qs, str(raw))
            except ValidationError as exc:
                errors.update({name: exc.messages})
    for key, raw in params.items():
        if key.startswith("custom.") and raw not in (None, ""):
            if rules is not None and not rules.can_read(key):
                errors[key] = [hidden_filter.format(name=key)]
                continue
            try:
                qs = qs.filter(custom_filter_q(ot.key, key[7:], raw))
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    q = params.get("q")
    if q and not ot.search_fields:
        raise ValidationError({"q": [_("This list cannot be searched.")]})
    if q:
        covered = ot.searched_fields()
        hidden = [f for f in covered if rules is not None and not rules.can_read(f)]
        if hidden:
            concrete = {f.name for f in ot.model._meta.concrete_fields}
            readable = [f for f in covered if f not in hidden and f in concrete]
            qs = search.apply_fields(qs, str(q), readable)
        else:
            qs = search.apply(qs, str(q))
    return qs


def _encode(values: list[Any]) -> str:
    def conv(v: Any) -> Any:
        if isinstance(v, datetime.datetime | datetime.date):
            return {"t": v.isoformat()}
        if isinstance(v, uuid.UUID | decimal.Decimal):
            return str(v)
        return v

    return base64.urlsafe_b64encode(json.dumps([conv(v) for v in values]).encode()).decode().rstrip("=")


def _decode(cursor: str, field: models.Field[Any, Any], pk_field: models.Field[Any, Any]) -> tuple[Any, Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value, pk = raw
        if isinstance(value, dict):
            value = value["t"]
        parsed = parse_value(field, value) if value is not None else None
        return parsed, parse_value(pk_field, str(pk))
    except (ValueError, TypeError, KeyError, json.JSONDecodeError, ValidationError):
        raise ValidationError({"cursor": [_("This cursor is not valid; start from the first page.")]}) from None


def resolve_sort(ot: ObjectType, sort: str | None, rules: FieldRules | None = None) -> tuple[str, bool]:
    if not sort:
        sort = ot.default_sort
        if rules is not None and not rules.can_read(sort.lstrip("-")):
            # The type's usual order is by a field hidden from this user: last update instead
            # (every record has one, and it reveals nothing).
            return "updated_at", True
    desc = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in ot.sort_fields or (rules is not None and not rules.can_read(name)):
        raise ValidationError({"sort": [_("You cannot sort by “{name}”.").format(name=name)]})
    return name, desc


def page(
    ot: ObjectType,
    qs: models.QuerySet[Any],
    *,
    sort: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    rules: FieldRules | None = None,
) -> Page:
    """One keyset page: constant cost whatever the page number, unlike OFFSET. Sorting by a field
    hidden from the user is refused: the order would reveal its values."""
    limit = max(1, min(int(limit or settings.GUANXI_PAGE_SIZE), 500))
    name, desc = resolve_sort(ot, sort, rules)
    field = ot.field(name)
    pk_field = ot.model._meta.pk
    assert pk_field is not None
    if cursor:
        value, pk = _decode(cursor, field, pk_field)
        op = "lt" if desc else "gt"
        if value is None:
            qs = qs.filter(**{f"{name}__isnull": True, f"pk__{op}": pk})
        else:
            qs = qs.filter(Q(**{f"{name}__{op}": value}) | Q(**{name: value, f"pk__{op}": pk}))
    order = [f"-{name}", "-pk"] if desc else [name, "pk"]
    rows = list(qs.order_by(*order)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, field.attname), last.pk])
    return Page(rows, next_cursor, ("-" if desc else "") + name)


def bounded_count(qs: models.QuerySet[Any], limit: int | None = None) -> tuple[int, bool]:
    """Count up to `limit` rows: (count, more) — a huge table is never counted exactly."""
    limit = limit or settings.GUANXI_COUNT_LIMIT
    n = qs.order_by()[: limit + 1].count()
    return (limit, True) if n > limit else (n, False)


def defer_internal(ot: ObjectType, qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Leave out the columns no page or API shows (the search index text can be long)."""
    names = {f.name for f in ot.model._meta.concrete_fields}
    return qs.defer("search_text") if "search_text" in names else qs


def fk_labels(
    ot: ObjectType, rows: list[models.Model], names: list[str], sight: Any = None
) -> dict[str, dict[Any, str]]:
    """{field: {pk: label}} for these foreign keys of these rows: one small query per target model,
    reading only the columns its label needs (`LABEL_FIELDS` on the model), instead of joining and
    building a full related object for every row. With the reader's `sight` (access.scoping.Sight),
    a linked record they may not see has an empty label: the link is there, its name is not shown."""
    wanted: dict[type[models.Model], set[Any]] = {}
    fields = {name: ot.field(name) for name in names}
    for field in fields.values():
        ids = {getattr(row, field.attname) for row in rows} - {None}
        if ids:
            wanted.setdefault(field.related_model, set()).update(ids)  # type: ignore[arg-type]
    found: dict[type[models.Model], dict[Any, str]] = {}
    for model, ids in wanted.items():
        qs = model._base_manager.filter(pk__in=ids)
        label_fields = getattr(model, "LABEL_FIELDS", None)
        if label_fields:
            qs = qs.only(*label_fields)
        found[model] = {obj.pk: str(obj) for obj in qs}
        if sight is not None:
            sight.prime(model, ids)
            found[model] = {pk: (label if sight.visible(model, pk) else "") for pk, label in found[model].items()}
    return {name: found.get(field.related_model, {}) for name, field in fields.items()}  # type: ignore[arg-type]


def prime_links(ot: ObjectType, rows: list[models.Model], columns: Any, sight: Any) -> None:
    """Tell the reader's sight every linked record these rows show, so naming them (or not) costs
    one query per target type for the page rather than one per row."""
    if sight is None or not rows:
        return
    for name in columns:
        if name.startswith("custom."):
            continue
        field = ot.field(name)
        if isinstance(field, models.ForeignKey):
            sight.prime(field.related_model, {getattr(r, field.attname) for r in rows})


def select_for_list(ot: ObjectType, qs: models.QuerySet[Any], columns: tuple[str, ...]) -> models.QuerySet[Any]:
    """Join the foreign keys shown, so a page runs a constant number of queries."""
    fks = [
        c
        for c in columns
        if c in {f.name for f in ot.model._meta.concrete_fields} and isinstance(ot.field(c), models.ForeignKey)
    ]
    return qs.select_related(*fks) if fks else qs


def board_columns(
    ot: ObjectType,
    qs: models.QuerySet[Any],
    columns: list[tuple[Any, str]],
    folded: frozenset[Any],
    total_field: str | None,
    known: dict[Any, dict[str, Any]] | None = None,
    only: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    """A kanban board's columns over an access-scoped queryset: the first 50 cards of each stage
    (latest change first, reading only the fields `only` names if given), the count and the sum of
    `total_field`. The counts and sums of all columns come from one grouped query, or from `known`."""

    assert ot.stage_field is not None
    stage = ot.stage_field
    field = ot.model._meta.get_field(stage)
    attname = getattr(field, "attname", stage)
    annotations: dict[str, Any] = {"n": Count("pk")}
    if total_field:
        annotations["total"] = Sum(total_field)
    values = [value for value, _label in columns]
    if known is not None:  # kept ahead for this reader (see Board.totals)
        grouped = known
    else:
        grouped = {
            row[attname]: row
            for row in qs.filter(**{f"{attname}__in": values}).order_by().values(attname).annotate(**annotations)
        }
    out = []
    for value, label in columns:
        column = qs.filter(**{attname: value})
        # Pages join what the cards show; the API names the columns it reads and labels the
        # foreign keys afterwards in one small query per target.
        column = column.only(*only) if only is not None else select_for_list(ot, column, ot.list_columns)
        cards = list(column.order_by("-updated_at", "pk")[:50])
        row = grouped.get(value) or {"n": 0, "total": 0}
        out.append(
            {
                "value": value,
                "label": label,
                "cards": cards,
                "count": row["n"],
                "more": False,
                "total": (row.get("total") or 0) if total_field else None,
                "folded": value in folded,
            }
        )
    return out


def known_totals(ot: ObjectType, user: Any, params: Mapping[str, Any], board: Any) -> dict[Any, Any] | None:
    """The board's totals kept ahead for this reader, when they narrow the board by nothing but its
    own switch (see Board.totals); None: count them live."""
    if board.totals is None:
        return None
    narrowing = [name for name in (*ot.filter_fields, "q") if name not in board.filters and params.get(name)]
    if narrowing or any(str(k).startswith("custom.") for k in params):
        return None
    return board.totals(user)  # type: ignore[no-any-return]
