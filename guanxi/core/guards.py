"""Checks that other apps add to every write of a registered record (approvals: a record waiting
for approval is locked, and an edit that needs approval is held instead of written).

A guard is called as `guard(object_type, record, op=…, after=…, changes=…, actor=…)` and returns
None to let the write go ahead, raises PermissionDenied to refuse it, or returns what holds the
change. The record service runs them on every update and delete; the access layer asks them (as
for a delete, which changes nothing) when it explains what a user may do with a record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WriteGuard = Callable[..., Any]
_write_guards: list[WriteGuard] = []


def add_write_guard(guard: WriteGuard) -> None:
    if guard not in _write_guards:
        _write_guards.append(guard)


def write_guards() -> list[WriteGuard]:
    return list(_write_guards)
