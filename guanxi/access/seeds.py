"""The roles every installation starts with (data, not code paths): operation → scope per object type.
"*" stands for every object type; a row for a named type overrides it."""

from __future__ import annotations

from typing import Any

from .choices import Operation as Op
from .choices import Scope as S

# The product catalogue and price books have no owner: everyone reads and exports them (a price
# list), only administrators change them.
CATALOGUE = ("product", "price_book")
CATALOGUE_READ = {key: {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.ALL, Op.EXPORT: S.ALL} for key in CATALOGUE}

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
            # Their team's work logs to read; only their own to write; none to delete.
            "work_log": {
                **dict.fromkeys(Op, S.NONE),
                Op.VIEW: S.SUBTREE,
                Op.CREATE: S.ALL,
                Op.EDIT: S.OWN,
                Op.EXPORT: S.SUBTREE,
            },
            **CATALOGUE_READ,
        },
    },
    "sales_rep": {
        "name": ("Sales representative", "销售代表", "銷售代表"),
        "description": "Creates customers and works their own; cannot delete customers.",
        "grants": {
            "*": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.EXPORT: S.OWN},
            "lead": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.DELETE: S.OWN, Op.EXPORT: S.OWN},
            "interaction": {Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN, Op.DELETE: S.OWN},
            # Their own targets, which their managers set.
            "target": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.EXPORT: S.OWN},
            "work_log": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
            **CATALOGUE_READ,
        },
    },
    "service_agent": {
        "name": ("Service agent", "客服专员", "客服專員"),
        "description": "Looks up any customer and logs interactions; changes only what they logged.",
        "grants": {
            "*": {Op.VIEW: S.ALL},
            "lead": {Op.VIEW: S.NONE},
            "interaction": {Op.VIEW: S.ALL, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
            "target": dict.fromkeys(Op, S.NONE),
            "work_log": {**dict.fromkeys(Op, S.NONE), Op.VIEW: S.OWN, Op.CREATE: S.ALL, Op.EDIT: S.OWN},
            **CATALOGUE_READ,
        },
    },
}


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    from .services import ensure_default_roles

    ensure_default_roles()
