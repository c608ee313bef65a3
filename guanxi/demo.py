"""`guanxi demo`: departments, users with the four seed roles, picklists, regions and customers."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from django.db import transaction

from guanxi.access.models import Department, FieldRule, Role, SharingRule, User
from guanxi.access.scoping import describe_scope
from guanxi.access.services import create_user, ensure_default_roles, save_department, save_sharing_rule, set_field_rule
from guanxi.automation.models import ApprovalProcess
from guanxi.automation.services import save_process
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.customers.demo import Generator, Scale
from guanxi.customers.models import Account, Region
from guanxi.customers.seeds import ensure_picklists, load_regions
from guanxi.sales.demo import create_demo_sales
from guanxi.sales.seeds import ensure_sales_reference
from guanxi.studio.services import save_custom_field, save_custom_object

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

    ensure_default_roles()
    ensure_picklists()
    load_regions()
    ensure_sales_reference()


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

    return Account.all_objects.exists()


def load_demo(
    *,
    accounts: int = 2000,
    contacts: int = 5000,
    leads: int = 1000,
    interactions: int = 20000,
    opportunities: int = 3000,
    orders: int = 30000,
    quotes: int = 2000,
    booths: int = 240,
) -> dict[str, int]:

    ensure_reference_data()
    users = create_demo_users()
    ensure_demo_security()
    if has_demo_data():
        return {}

    counts = Generator(users, scale=Scale(accounts, contacts, leads, interactions)).run()
    counts.update(create_demo_sales(users, opportunities=opportunities, orders=orders, quotes=quotes))
    counts["exhibition booths"] = create_demo_booths(users, count=booths)
    return counts


BOOTH_STATUSES = [
    {"value": "enquiry", "label": "Enquiry", "label_zh_hans": "意向", "label_zh_hant": "意向"},
    {"value": "reserved", "label": "Reserved", "label_zh_hans": "已预订", "label_zh_hant": "已預訂"},
    {"value": "contracted", "label": "Contracted", "label_zh_hans": "已签约", "label_zh_hant": "已簽約"},
    {"value": "paid", "label": "Paid", "label_zh_hans": "已付款", "label_zh_hant": "已付款"},
    {"value": "released", "label": "Released", "label_zh_hans": "已释放", "label_zh_hant": "已釋放"},
]
FAIRS = [
    ("ciie", "China International Import Expo", "进博会", "進博會"),
    ("canton", "Canton Fair", "广交会", "廣交會"),
    ("auto_shanghai", "Auto Shanghai", "上海车展", "上海車展"),
]


def create_demo_booths(users: list[User], count: int = 240) -> int:
    """A custom object as a trade-fair organiser would define it in the UI: exhibition booths with
    a hall, an area, a price, the fair and the exhibiting customer, sold through five statuses."""

    save_custom_object(
        {
            "key": "booth",
            "label": "Exhibition booth",
            "label_zh_hans": "展位",
            "label_zh_hant": "展位",
            "label_plural": "Exhibition booths",
            "label_plural_zh_hans": "展位",
            "label_plural_zh_hant": "展位",
            "name_label": "Booth number",
            "name_label_zh_hans": "展位号",
            "name_label_zh_hant": "展位號",
            "statuses": BOOTH_STATUSES,
            "icon": "▦",
            "order": 300,
        },
        actor=SYSTEM,
    )
    fields: list[dict[str, object]] = [
        {
            "key": "fair",
            "label": "Fair",
            "label_zh_hans": "展会",
            "label_zh_hant": "展會",
            "field_type": "choice",
            "choices": [
                {"value": v, "label": en, "label_zh_hans": hans, "label_zh_hant": hant} for v, en, hans, hant in FAIRS
            ],
            "show_in_list": True,
        },
        {
            "key": "hall",
            "label": "Hall",
            "label_zh_hans": "展馆",
            "label_zh_hant": "展館",
            "field_type": "text",
            "show_in_list": True,
        },
        {
            "key": "area",
            "label": "Area (m²)",
            "label_zh_hans": "面积（平方米）",
            "label_zh_hant": "面積（平方米）",
            "field_type": "decimal",
        },
        {"key": "price", "label": "Price", "label_zh_hans": "价格", "label_zh_hant": "價格", "field_type": "money"},
        {
            "key": "exhibitor",
            "label": "Exhibitor",
            "label_zh_hans": "参展商",
            "label_zh_hant": "參展商",
            "field_type": "lookup",
            "lookup_object_type": "account",
            "show_in_list": True,
        },
    ]
    for order, data in enumerate(fields):
        save_custom_field({"object_type": "booth", "order": order, **data}, actor=SYSTEM)
    ot = registry.get("booth")
    rng = random.Random(2026)
    reps = [u for u in users if u.roles.filter(key="sales_rep").exists()]
    # Each representative sells booths to their own customers (a lookup names a record its writer sees).
    exhibitors = {
        rep.pk: list(Account.objects.filter(owner=rep).order_by("pk").values_list("pk", flat=True)[:200])
        for rep in reps
    }
    weights = [15, 25, 30, 25, 5]
    for i in range(count):
        fair = FAIRS[i % len(FAIRS)][0]
        hall = f"{rng.randint(1, 8)}.{rng.randint(1, 2)}"
        area = rng.choice([9, 18, 36, 54, 72, 108])
        owner = rng.choice(reps)
        status = rng.choices([s["value"] for s in BOOTH_STATUSES], weights=weights)[0]
        custom: dict[str, object] = {"fair": fair, "hall": hall, "area": str(area), "price": str(area * 2800)}
        if exhibitors[owner.pk] and (status != "enquiry" or rng.random() < 0.5):
            custom["exhibitor"] = str(rng.choice(exhibitors[owner.pk]))
        ot.service.create(
            {"name": f"{hall}{chr(65 + i % 6)}{i:03d}", "status": status, "owner": owner, "custom": custom},
            actor=Actor(owner, Source.IMPORT),
        )
    return count


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, counting wide (CJK) characters as two columns."""

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
