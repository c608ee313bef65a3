"""Who is acting, and through which channel. Set once per request, task or command, read by services."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .choices import Source

if TYPE_CHECKING:
    from guanxi.access.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    source: str = Source.SYSTEM

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None


SYSTEM = Actor(None, Source.SYSTEM)
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("guanxi_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
