"""Dates and times every database can store: an aware time whose UTC form falls outside years
1–9999 (0001-01-01T00:00:00+08:00 is in year 0 in UTC) fails deep in the driver; writes, filters
and the API refuse it with a field-level error instead."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def storable_datetime(value: datetime.datetime) -> datetime.datetime:
    """The value, if it can be stored (made aware in the current time zone when naive)."""
    try:
        aware = timezone.make_aware(value) if timezone.is_naive(value) else value
        aware.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise ValidationError(_("Enter a date and time between the years 1 and 9999.")) from None
    return aware


def storable(value: Any) -> Any:
    """`storable_datetime` for datetimes; anything else as it is."""
    return storable_datetime(value) if isinstance(value, datetime.datetime) else value


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the quarter `day` falls in."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    if first_month == 10:
        return start, datetime.date(day.year, 12, 31)
    return start, datetime.date(day.year, first_month + 3, 1) - datetime.timedelta(days=1)


def parse_quarter(text: str) -> tuple[datetime.date, datetime.date]:
    """ "2026Q4" (or "2026-Q4") → its first and last day."""
    cleaned = text.strip().upper().replace("-", "")
    try:
        year, quarter = int(cleaned[:4]), int(cleaned[5:])
        assert cleaned[4] == "Q" and 1 <= quarter <= 4 and 1900 < year < 3000
    except (ValueError, IndexError, AssertionError):
        raise ValidationError({"quarter": [_("Give a quarter as 2026Q4.")]}) from None
    return quarter_bounds(datetime.date(year, quarter * 3, 1))
