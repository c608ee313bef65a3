"""What an upgrade must keep, read the same way before (build.py, at the old commit) and after
(test_upgrade.py, at today's): per model, its row count and a digest of every row's stored values,
and the checksum of each attachment's file. Models are keyed by their label at the old commit; the
test maps a label that moved to its new app."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import uuid
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (datetime.date, datetime.time, uuid.UUID)):
        return str(value)
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def digest_rows(model: Any, columns: list[str] | None = None) -> dict[str, Any]:
    """Row count and a digest over every concrete column (or only `columns`, those a stored manifest
    knew: a column added since is new data, not kept data), rows in primary-key order."""
    fields = sorted(model._meta.concrete_fields, key=lambda f: f.column)
    if columns is not None:
        by_column = {f.column: f for f in fields}
        missing = sorted(set(columns) - set(by_column))
        if missing:
            return {"rows": None, "digest": None, "columns": columns, "missing": missing}
        fields = [by_column[c] for c in sorted(columns)]
    h = hashlib.sha256()
    count = 0
    for row in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields]):
        h.update(repr(tuple(_plain(v) for v in row)).encode())
        count += 1
    return {"rows": count, "digest": h.hexdigest(), "columns": [f.column for f in fields]}


def manifest(apps: Any, connection: Any) -> dict[str, Any]:
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        tables[model._meta.label] = digest_rows(model)
    files = {}
    Attachment = apps.get_model("core", "Attachment")
    for a in Attachment.objects.order_by("pk"):
        with a.file.open("rb") as fh:
            files[str(a.pk)] = {"path": a.file.name, "sha256": hashlib.sha256(fh.read()).hexdigest()}
    return {"vendor": connection.vendor, "tables": tables, "attachments": files}
