"""The product line in the API, as every record made of lines uses it (a deal's in the pipeline, a
quote's and an order's in billing): the line's schemas, its rows as the API answers them, and the
replacement of all a record's lines at once (If-Match, field rules, the record as it is after).

No `from __future__ import annotations`: django-ninja reads these annotations at import time.
"""

import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from guanxi.access.choices import Operation
from guanxi.access.scoping import fields
from guanxi.api.generic import _actor, _check_writable, _get, _parse_if_match, api_user, require_scope, serialize
from guanxi.core import registry
from guanxi.core.actor import Actor, acting_as
from guanxi.core.errors import StaleVersion


class LineIn(Schema):
    product: uuid.UUID
    quantity: Decimal = Field(Decimal(1), gt=0, max_digits=12, decimal_places=2)
    unit_price: Optional[Decimal] = Field(
        None, ge=0, max_digits=16, decimal_places=2, description="empty: the customer's price"
    )
    discount: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=5, decimal_places=2, description="%")
    tax_rate: Optional[Decimal] = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2, description="%; empty: the standard rate"
    )
    description: str = Field("", max_length=255)


class LinesIn(Schema):
    lines: list[LineIn] = Field(..., max_length=200)


class LineOut(Schema):
    product: uuid.UUID
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    tax_rate: Optional[Decimal]
    description: str
    total: Decimal


def lines_out(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Line rows (with their product) as the API answers them."""
    return [
        {
            "product": line.product_id,
            "product_code": line.product.code,
            "product_name": str(line.product),
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
            "tax_rate": getattr(line, "tax_rate", None),
            "description": getattr(line, "description", ""),
            "total": line.total,
        }
        for line in rows
    ]


def readable_lines(request: HttpRequest, key: str, record_id: uuid.UUID, amount_field: str) -> Any:
    """The record whose lines are asked for: 404 unseen, 403 when the caller may not read the
    amount its lines make."""
    require_scope(request, key, write=False)
    obj = _get(registry.get(key), api_user(request), record_id)
    if not fields(api_user(request), key).can_read(amount_field):
        raise HttpError(403, _("You may not read the amounts of this record."))
    return obj


def replace_lines(
    request: HttpRequest,
    key: str,
    record_id: uuid.UUID,
    payload: LinesIn,
    write: Callable[[Any, list[dict[str, Any]], Actor], Any],
    *,
    writes: tuple[str, ...] = (),
) -> dict[str, Any]:
    """PUT …/lines: a record the caller may edit, at the version they name (If-Match), whose
    `writes` fields (the amount the lines make, where a field rule may protect it) they may write;
    `write(record, lines, actor)` replaces them; the answer is the record as it is now."""
    require_scope(request, key, write=True)
    ot = registry.get(key)
    expected = _parse_if_match(request)
    user = api_user(request)
    obj = _get(ot, user, record_id, Operation.EDIT)
    if writes:
        _check_writable(ot, user, dict.fromkeys(writes))
    if getattr(obj, "version", 1) != expected:
        raise StaleVersion(obj.version, {})  # type: ignore[attr-defined]
    with acting_as(_actor(request)):
        write(obj, [line.model_dump() for line in payload.lines], _actor(request))
    return serialize(ot, _get(ot, user, record_id), user)
