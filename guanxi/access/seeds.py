"""The roles every installation starts with (data, not code paths): operation → scope for every
object type ("*"). An app refines them for its own types with `ObjectType.default_grants` (a
representative deletes their own leads, reads the catalogue, …); the access layer knows no domain."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guanxi.core import registry

from .choices import Operation as Op
from .choices import Scope as S

ROLES: dict[str, dict[str, object]] = {
    "administrator": {
        "name": ("Administrator", "系统管理员", "系統管理員"),
        "description": "Sees and changes everything, manages users, roles and customization.",
        "grants": {"*": dict.fromkeys(Op, S.ALL)},
    },
    "sales_manager": {
        "name": ("Sales manager", "销售经理", "銷售經理"),
        "description": "Sees and manages the records of their department and the departments below it.",
        "grants": {
            "*": {
                Op.VIEW: S.SUBTREE,
                Op.CREATE: S.ALL,
                Op.EDIT: S.SUBTREE,
                Op.DELETE: S.SUBTREE,
                Op.EXPORT: S.SUBTREE,
                Op.IMPORT: S.ALL,
                Op.ASSIGN: S.SUBTREE,
                Op.APPROVE: S.SUBTREE,
            },
        },
    },
    "sales_rep": {
        "name": ("Sales representative", "销售代表", "銷售代表"),
        "description": "Creates customers and works their own; cannot delete customers.",
        "grants": {
            "*": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.EXPORT: S.OWN},
        },
    },
    "service_agent": {
        "name": ("Service agent", "客服专员", "客服專員"),
        "description": "Looks up any customer and logs interactions; changes only what they logged.",
        "grants": {
            "*": {Op.VIEW: S.ALL},
        },
    },
}


def seed_grants(role_key: str) -> Iterator[tuple[str, Mapping[str, int]]]:
    """The grants a new installation's role gets: its rows for every type, then each registered
    type's own (in place of those rows for that type)."""
    spec = ROLES[role_key]
    yield from spec["grants"].items()  # type: ignore[attr-defined]
    for ot in registry.all_types():
        if role_key in ot.default_grants:
            yield ot.key, ot.default_grants[role_key]


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    from .services import ensure_default_roles  # noqa: PLC0415 — services imports this module

    ensure_default_roles()
