"""CSV and XLSX export of exactly what a list shows, within the user's rights; cells that a
spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
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


def _rows(ot: ObjectType, qs: Iterable[models.Model], columns: list[str], sight: Sight | None) -> Iterable[list[Any]]:
    """The cells as the reader may see them: a link to a record out of their sight is not named."""
    chunk: list[models.Model] = []

    def flush() -> list[list[Any]]:
        if sight is not None:
            prime_links(ot, chunk, columns, sight)
        with seeing(sight):
            return [
                [safe_cell(strip_tags(str(field_value(obj, c, link=False, plain=True)))) for c in columns]
                for obj in chunk
            ]

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

    def stream() -> Iterable[str]:
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
    for row in _rows(ot, qs[:MAX_ROWS].iterator(chunk_size=CHUNK), columns, sight):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
