"""Money arithmetic that is exact on every database: amounts are Decimal with two places, and sums
are counted in whole cents, because SQLite adds decimal columns as binary floats (0.10 + 0.20 is
0.30000000000000004 there, and a total written back from such a sum fails the field's "no more than
2 decimal places" check)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Sum

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(value: Any) -> Decimal:
    """A value as money with two places (None and empty are zero)."""
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)


class MoneySum(Sum):
    """SUM of a money column, exact on both databases. On SQLite every amount is turned into whole
    cents before it is added (integers add exactly), and the converter turns the cents back into
    Decimal. Use it in `aggregate()`: inside a Subquery or a Coalesce the outer expression's converter
    runs instead of this one, so there the raw cents would come back."""

    def __init__(self, expression: Any, **extra: Any) -> None:
        if "default" in extra:
            raise TypeError("MoneySum takes no default: write `or ZERO` after aggregate()")
        extra.setdefault("output_field", models.DecimalField(max_digits=20, decimal_places=2))
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        template = "%(function)s(CAST(ROUND((%(expressions)s) * 100) AS INTEGER))"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    @property
    def convert_value(self) -> Any:
        return _money_from_db


def _money_from_db(value: Any, expression: Any, connection: Any) -> Decimal | None:
    if value is None:
        return None
    if connection.vendor == "sqlite":
        return (Decimal(int(value)) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT)


def money_sum(qs: models.QuerySet[Any], field: str) -> Decimal:
    """The exact total of a money field over a queryset (zero when it is empty)."""
    return qs.order_by().aggregate(total=MoneySum(field))["total"] or ZERO


def money_field(label: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """An amount of money as stored everywhere: 16 digits, two of them after the point."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)
