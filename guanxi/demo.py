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


def ensure_demo_security() -> None:
    """The seeds' examples of the security model, set up once so the demo shows them at work:
    a representative's change to a customer's key facts waits for their manager; the credit
    rating is read-only for representatives and hidden from service agents; the East China team
    sees every East China customer, read-only."""
    from guanxi.access.models import FieldRule, SharingRule
    from guanxi.access.services import save_sharing_rule, set_field_rule
    from guanxi.automation.models import ApprovalProcess
    from guanxi.automation.services import save_process
    from guanxi.customers.models import Region

    roles = ensure_default_roles()
    if not ApprovalProcess.objects.filter(name="Customer key facts changed by a representative").exists():
        save_process(
            {
                "name": "Customer key facts changed by a representative",
                "name_zh_hans": "销售代表修改客户关键信息审批",
                "name_zh_hant": "銷售代表修改客戶關鍵資訊簽核",
                "object_type": "account",
                "kind": "change",
                "fields": ["name", "account_type", "level", "parent"],
                "roles": [roles["sales_rep"]],
                "steps": [{"approver_kind": "manager", "mode": "any"}],
            },
            actor=SYSTEM,
        )
    if not FieldRule.objects.exists():
        set_field_rule(
            role=roles["sales_rep"], object_type="account", field="credit_rating", access="read", actor=SYSTEM
        )
        set_field_rule(
            role=roles["service_agent"], object_type="account", field="credit_rating", access="hidden", actor=SYSTEM
        )
    east = Department.objects.filter(name="华东销售组").first()
    provinces = list(
        Region.objects.filter(code__in=["CN-310000", "CN-320000", "CN-330000"]).values_list("pk", flat=True)
    )
    if east is not None and provinces and not SharingRule.objects.exists():
        save_sharing_rule(
            name="华东客户对华东销售组只读可见",
            object_type="account",
            criteria={"region": ",".join(str(pk) for pk in provinces)},
            department=east,
            actor=SYSTEM,
        )


def has_demo_data() -> bool:
    from guanxi.customers.models import Account

    return Account.all_objects.exists()


def load_demo(
    *, accounts: int = 2000, contacts: int = 5000, leads: int = 1000, interactions: int = 20000
) -> dict[str, int]:
    from guanxi.customers.demo import Generator, Scale

    ensure_reference_data()
    users = create_demo_users()
    ensure_demo_security()
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
