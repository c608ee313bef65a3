"""CSV and XLSX export of exactly what a list shows, within the user's rights, in the reader's
language and formats (the CSV is streamed after the request has ended, so the language and the time
zone of the request are kept for it); XLSX cells hold real dates, times and numbers. Cells that a
spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from openpyxl import Workbook

from guanxi.access.scoping import Sight, seeing
from guanxi.core.registry import ObjectType
from guanxi.customization.selectors import field_label
from guanxi.records.lists import prime_links
from guanxi.web.templatetags.guanxi import field_value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 100_000


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


CHUNK = 2000


_TYPED = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.DecimalField,
    models.IntegerField,
    models.FloatField,
)


def _typed_columns(ot: ObjectType, columns: list[str]) -> set[str]:
    """The columns whose values a spreadsheet should get as dates, times or numbers (not choices,
    which are shown by their labels)."""
    typed = set()
    for name in columns:
        if name.startswith("custom.") or name in ot.field_choices:
            continue
        with contextlib.suppress(Exception):
            field = ot.model._meta.get_field(name)
            if isinstance(field, _TYPED) and not getattr(field, "choices", None):
                typed.add(name)
    return typed


def _native(value: Any) -> Any:
    """A value as a spreadsheet cell: an aware date-time in the reader's time zone, without it."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _rows(
    ot: ObjectType,
    qs: Iterable[models.Model],
    columns: list[str],
    sight: Sight | None,
    *,
    typed: set[str] | None = None,
) -> Iterable[list[Any]]:
    """The cells as the reader may see them: a link to a record out of their sight is not named;
    the `typed` columns as their values (for XLSX), the others as the page shows them."""
    chunk: list[models.Model] = []
    typed = typed or set()

    def cell(obj: models.Model, name: str) -> Any:
        if name in typed:
            value = getattr(obj, name)
            if value is not None:
                return _native(value)
            return ""
        return safe_cell(strip_tags(str(field_value(obj, name, link=False, plain=True))))

    def flush() -> list[list[Any]]:
        if sight is not None:
            prime_links(ot, chunk, columns, sight)
        with seeing(sight):
            return [[cell(obj, c) for c in columns] for obj in chunk]

    for obj in qs:
        chunk.append(obj)
        if len(chunk) >= CHUNK:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(
    ot: ObjectType, qs: models.QuerySet[Any], columns: list[str], filename: str, *, sight: Sight | None = None
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # Streamed after the view returns, when the middleware has switched the request's language and
    # time zone off again: the rows are written in the ones the reader asked in.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def stream() -> Iterable[str]:
        with translation.override(language), timezone.override(zone):
            yield "\ufeff"  # so Excel opens UTF-8 Chinese text correctly
            yield writer.writerow([str(field_label(ot, c)) for c in columns])
            for row in _rows(ot, qs.iterator(chunk_size=CHUNK), columns, sight):
                yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(
    ot: ObjectType, qs: models.QuerySet[Any], columns: list[str], filename: str, *, sight: Sight | None = None
) -> HttpResponse:

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ot.label_plural[:31])
    ws.append([str(field_label(ot, c)) for c in columns])
    typed = _typed_columns(ot, columns)
    for row in _rows(ot, qs[:MAX_ROWS].iterator(chunk_size=CHUNK), columns, sight, typed=typed):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
