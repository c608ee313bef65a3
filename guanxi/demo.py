"""`guanxi demo`: departments, users with the four seed roles, picklists, regions and customers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from guanxi.access.models import Department, Role, User
from guanxi.access.scoping import describe_scope
from guanxi.access.services import create_user, ensure_default_roles, save_department
from guanxi.core.actor import SYSTEM

DEMO_PASSWORD = "guanxi-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    department: str | None
    language: str = "zh-hans"


DEPARTMENTS = [("sales", "销售部", None), ("east", "华东销售组", "sales"), ("service", "客户服务部", None)]
USERS = [
    DemoUser("admin", "系统管理员 Admin", "administrator", None, "en"),
    DemoUser("wang.fang", "王芳", "sales_manager", "sales"),
    DemoUser("zhao.lei", "赵磊", "sales_manager", "east"),
    DemoUser("li.na", "李娜", "sales_rep", "sales"),
    DemoUser("zhang.wei", "张伟", "sales_rep", "sales"),
    DemoUser("chen.jie", "陈杰", "sales_rep", "east"),
    DemoUser("liu.yang", "刘洋", "sales_rep", "east"),
    DemoUser("emily.chen", "Emily Chen", "sales_rep", "east", "en"),
    DemoUser("sun.li", "孙丽", "service_agent", "service", "zh-hant"),
    DemoUser("david.wu", "David Wu", "service_agent", "service", "en"),
]


def ensure_reference_data() -> None:
    from guanxi.customers.seeds import ensure_picklists, load_regions

    ensure_default_roles()
    ensure_picklists()
    load_regions()


@transaction.atomic
def create_demo_users() -> list[User]:
    roles: dict[str, Role] = ensure_default_roles()
    depts: dict[str, Department] = {}
    for key, name, parent in DEPARTMENTS:
        existing = Department.objects.filter(name=name).first()
        depts[key] = existing or save_department(name=name, parent=depts.get(parent) if parent else None, actor=SYSTEM)
    users = []
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = create_user(
                username=spec.username,
                password=DEMO_PASSWORD,
                actor=SYSTEM,
                display_name=spec.display_name,
                email=f"{spec.username}@demo.guanxi.local",
                department=depts.get(spec.department or ""),
                roles=[roles[spec.role]],
                language=spec.language,
                is_superuser=spec.role == "administrator",
            )
        users.append(user)
    for key, manager in (("sales", "wang.fang"), ("east", "zhao.lei")):
        Department.objects.filter(pk=depts[key].pk).update(manager=User.objects.get(username=manager))
    return users


def has_demo_data() -> bool:
    from guanxi.customers.models import Account

    return Account.all_objects.exists()


def load_demo(
    *, accounts: int = 2000, contacts: int = 5000, leads: int = 1000, interactions: int = 20000
) -> dict[str, int]:
    from guanxi.customers.demo import Generator, Scale

    ensure_reference_data()
    users = create_demo_users()
    if has_demo_data():
        return {}
    return Generator(users, scale=Scale(accounts, contacts, leads, interactions)).run()


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, counting wide (CJK) characters as two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def describe_logins() -> list[str]:
    lines = []
    for spec in USERS:
        user = User.objects.get(username=spec.username)
        role = user.roles.first()
        scope = describe_scope(user, "account")
        dept = user.department.name if user.department else "—"
        lines.append(
            f"  {_pad(spec.username, 11)}{DEMO_PASSWORD}  {_pad(str(role), 22)}{_pad(dept, 12)}"
            f"accounts: view {scope['view'].lower()}, edit {scope['edit'].lower()}, delete {scope['delete'].lower()}"
        )
    return lines
