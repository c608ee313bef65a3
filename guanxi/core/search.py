"""Substring search in any script: SQLite FTS5 with the trigram tokenizer, PostgreSQL pg_trgm.

Each searchable model keeps a `search_text` column (names, phones' digits, emails) written by its
service; this module adds the index behind it in migrations and turns a user's query into a filter
on an already access-scoped queryset.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.migrations.operations.base import Operation

from . import phones

MIN_TRIGRAM = 3


class _TableOperation(Operation):
    """A migration operation on one table's search index, changing no model state."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label: str, state: object) -> None:
        pass


class SearchIndex(_TableOperation):
    """Migration operation: the substring index over `<table>.search_text` for the current database."""

    def database_forwards(self, app_label: str, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        t = self.table
        if schema_editor.connection.vendor == "sqlite":
            create = (
                f"CREATE VIRTUAL TABLE {t}_fts USING fts5(search_text, content='{t}', content_rowid='rowid', "
                "tokenize='trigram')"
            )
            for sql in (create, *_sqlite_triggers(t)):
                schema_editor.execute(sql)
        elif schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX {t}_search_trgm ON {t} USING gin (search_text gin_trgm_ops)")

    def database_backwards(self, app_label: str, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        t = self.table
        if schema_editor.connection.vendor == "sqlite":
            _drop_triggers(schema_editor, t)
            schema_editor.execute(f"DROP TABLE IF EXISTS {t}_fts")
        elif schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {t}_search_trgm")

    def describe(self) -> str:
        return f"Substring search index on {self.table}.search_text"


def _drop_triggers(schema_editor: Any, t: str) -> None:
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {t}_fts_{suffix}")


def _sqlite_triggers(t: str) -> list[str]:
    return [
        f"CREATE TRIGGER {t}_fts_ai AFTER INSERT ON {t} BEGIN "
        f"INSERT INTO {t}_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
        f"CREATE TRIGGER {t}_fts_ad AFTER DELETE ON {t} BEGIN "
        f"INSERT INTO {t}_fts({t}_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
        f"CREATE TRIGGER {t}_fts_au AFTER UPDATE OF search_text ON {t} BEGIN "
        f"INSERT INTO {t}_fts({t}_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        f"INSERT INTO {t}_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    ]


class RefreshSearchIndex(_TableOperation):
    """Migration operation, after any change that makes SQLite rebuild a searchable table (adding a
    NOT NULL column or a constraint copies the rows into a new table): the copy has neither the
    index's triggers nor the old row ids, so the triggers are made again and the index is rebuilt
    from the rows. Nothing to do on PostgreSQL, whose index stays with its table."""

    def database_forwards(self, app_label: str, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "sqlite":
            return
        t = self.table
        _drop_triggers(schema_editor, t)
        for sql in _sqlite_triggers(t):
            schema_editor.execute(sql)
        schema_editor.execute(f"INSERT INTO {t}_fts({t}_fts) VALUES ('rebuild')")

    def database_backwards(self, app_label: str, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        self.database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Refresh the substring search index on {self.table}.search_text"


def index_problems() -> list[str]:
    """Searchable tables whose index is missing or broken on this database (for a test and for
    `check`): each needs its FTS table and three triggers on SQLite, its trigram index on PostgreSQL."""
    problems = []
    with connection.cursor() as cursor:
        for model in _searchable_models():
            t = model._meta.db_table
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE tbl_name = %s AND type = 'trigger'", [t])
                triggers = {row[0] for row in cursor.fetchall()}
                missing = {f"{t}_fts_{s}" for s in ("ai", "ad", "au")} - triggers
                if missing:
                    problems.append(f"{t}: triggers missing: {', '.join(sorted(missing))}")
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s", [t, f"{t}_search_trgm"]
                )
                if cursor.fetchone() is None:
                    problems.append(f"{t}: trigram index missing")
    return problems


def _searchable_models() -> list[type[models.Model]]:

    return [
        m
        for m in apps.get_models()
        if not m._meta.proxy and any(f.name == "search_text" for f in m._meta.concrete_fields)
    ]


def terms(query: str) -> list[str]:
    """What to look for: the words of the query, with a phone-like query reduced to its digits."""
    # NUL and unpaired surrogates cannot occur in stored text, so they cannot help a match.
    query = query.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8").strip()
    if not query:
        return []
    if phones.looks_like_phone(query):
        return [phones.search_digits(query)]
    # search_text is stored lower-cased, so a plain LIKE can use PostgreSQL's trigram index.
    return [w.lower() for w in query.split() if w][:5]


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def apply(qs: models.QuerySet[Any], query: str) -> models.QuerySet[Any]:
    """Narrow an access-scoped queryset to records whose search text contains every term."""
    words = terms(query)
    if not words:
        return qs
    table = qs.model._meta.db_table
    if connection.vendor == "sqlite":
        long_words = [w for w in words if len(w) >= MIN_TRIGRAM]
        if long_words:
            match = " AND ".join(_fts_quote(w) for w in long_words)
            qs = qs.extra(  # noqa: S610 - FTS5 MATCH has no ORM lookup; the query is a bound parameter
                where=[f'"{table}".rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)'],
                params=[match],
            )
        for w in words:
            if len(w) < MIN_TRIGRAM:
                qs = qs.filter(search_text__contains=w)
        return qs
    for w in words:
        qs = qs.filter(search_text__contains=w)
    return qs


def apply_fields(qs: models.QuerySet[Any], query: str, names: list[str]) -> models.QuerySet[Any]:
    """Search these fields only, without the index: for a user some of whose searchable fields are
    hidden, so a match can never reveal a value they may not read. Slower, and correct."""
    words = terms(query)
    if not words:
        return qs
    if not names:
        return qs.none()
    for w in words:
        q = models.Q()
        for name in names:
            q |= models.Q(**{f"{name}__icontains": w})
        qs = qs.filter(q)
    return qs
