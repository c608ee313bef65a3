"""Errors that services raise and every entry point (pages, API, import) turns into a clear answer."""

from __future__ import annotations

from typing import Any


class StaleVersion(Exception):
    """The caller edited an older version than the one stored: nothing was written."""

    def __init__(self, current_version: int, changed: dict[str, Any]) -> None:
        super().__init__(f"record is at version {current_version}")
        self.current_version = current_version
        self.changed = changed


class PermissionDenied(Exception):
    def __init__(self, message: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RateLimited(Exception):
    """Too many requests with one API token in this minute; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after
