"""Domain events: services emit them inside their transaction; handlers run only after commit."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

log = logging.getLogger("guanxi.events")


@dataclass(frozen=True)
class Event:
    name: str  # created, updated, deleted, restored, merged, stage_changed, ...
    object_type: str
    object_id: str
    actor_id: int | None
    data: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Event], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str, handler: Handler) -> None:
    """Register an in-process handler; name "*" receives every event."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def emit(event: Event) -> None:
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: Event) -> None:
    for handler in [*_handlers[event.name], *_handlers["*"]]:
        try:
            handler(event)
        except Exception:  # a failing subscriber must not undo or block the committed write
            log.exception("event handler %r failed for %s", handler, event)
