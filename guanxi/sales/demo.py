"""Demo sales data, bulk-inserted like the customer hub's: a product catalogue in a category tree,
price books, three years of monthly exchange rates, and opportunities across the funnel with their
product lines and stage histories (durations included), owned by the representatives whose
customers they concern."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from guanxi.access.models import Department, User
from guanxi.activities.choices import ActivityStatus, WorkLogStatus
from guanxi.activities.models import Activity, WorkLog, WorkLogEntry
from guanxi.billing.services import create_with_lines, submit_quote
from guanxi.catalogue.models import ExchangeRate, PriceBook, PriceBookEntry, Product, ProductCategory
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.ids import uuid7
from guanxi.customers import selectors as customer_selectors
from guanxi.customers.services import save_contact_point
from guanxi.expenses.choices import ExpenseStatus, TravelStatus
from guanxi.expenses.models import ExpenseLine, ExpenseReport, TravelLink, TravelPlan
from guanxi.pipeline import rollups
from guanxi.pipeline.choices import Outcome
from guanxi.pipeline.models import Opportunity, OpportunityLine, Pipeline, Stage, StageChange

from .demo_documents import create_demo_documents
from .seeds import ensure_sales_reference

if TYPE_CHECKING:
    from guanxi.customers.models import Account

CENT = Decimal("0.01")
# (category: English, 简体, 繁體) → products (简体, English, unit, list price in CNY)
CATALOGUE: list[tuple[tuple[str, str, str], list[tuple[str, str, str, int]]]] = [
    (
        ("Software", "软件", "軟體"),
        [
            ("客户关系管理系统 企业版", "CRM Enterprise edition", "licence", 12800),
            ("客户关系管理系统 标准版", "CRM Standard edition", "licence", 4800),
            ("呼叫中心模块", "Contact centre module", "licence", 6800),
            ("数据分析模块", "Analytics module", "licence", 9800),
            ("移动销售应用", "Mobile sales app", "licence", 1800),
            ("营销自动化模块", "Marketing automation module", "licence", 7800),
        ],
    ),
    (
        ("Services", "服务", "服務"),
        [
            ("实施服务", "Implementation service", "hour", 1500),
            ("培训服务", "Training", "hour", 1200),
            ("年度运维服务", "Annual maintenance", "year", 36000),
            ("数据迁移服务", "Data migration", "set", 58000),
        ],
    ),
    (
        ("Hardware", "硬件", "硬體"),
        [
            ("呼叫中心座席耳麦", "Agent headset", "piece", 680),
            ("IP 话机", "IP phone", "piece", 1280),
            ("服务器（双路）", "Dual-socket server", "set", 86000),
            ("存储阵列 50TB", "Storage array 50 TB", "set", 128000),
        ],
    ),
    (
        ("Exhibition services", "会展服务", "會展服務"),
        [
            ("标准展位（9平方米）", "Standard booth (9 m²)", "set", 18000),
            ("光地展位（每平方米）", "Raw space (per m²)", "sqm", 1600),
            ("展台搭建服务", "Stand construction", "set", 45000),
        ],
    ),
]
RATES = {"USD": Decimal("7.10"), "HKD": Decimal("0.91"), "EUR": Decimal("7.75")}
NEXT_STEPS = [
    "安排技术交流会",
    "提交解决方案",
    "商务谈判",
    "等待客户内部审批",
    "准备投标文件",
    "约见决策人",
    "产品演示",
]
PROJECTS = [
    "数字化升级项目",
    "客户中心建设",
    "销售管理系统采购",
    "数据平台扩容",
    "年度续约",
    "展会合作",
    "分支机构推广",
]


@transaction.atomic
def create_demo_sales(
    users: list[User], *, opportunities: int = 3000, orders: int = 30000, quotes: int = 2000, seed: int = 2026
) -> dict[str, int]:
    rng = random.Random(seed)
    ensure_sales_reference()
    products = _catalogue()
    _rates(rng)
    _price_books(products)
    reps = [u for u in users if u.roles.filter(key="sales_rep").exists()] or users
    accounts = list(
        customer_selectors.accounts().filter(owner__in=reps).only("pk", "owner_id", "department_id", "name")[:1500]
    )
    pipeline = Pipeline.objects.get(key="default")
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("sort"))
    open_stages = [s for s in stages if s.outcome == Outcome.OPEN]
    won = next(s for s in stages if s.outcome == Outcome.WON)
    lost = next(s for s in stages if s.outcome == Outcome.LOST)
    today = timezone.localdate()
    now = timezone.now()
    opps: list[Opportunity] = []
    lines: list[OpportunityLine] = []
    changes: list[StageChange] = []
    for _ in range(opportunities):
        account = rng.choice(accounts)
        created = now - datetime.timedelta(days=rng.randint(1, 3 * 365), hours=rng.randint(0, 23))
        # Older deals are more often closed; open ones sit somewhere in the funnel.
        age = (now - created).days
        roll = rng.random()
        if (age > 200 and roll < 0.75) or (age > 20 and roll < 0.3):  # recent deals close too
            final = won if rng.random() < 0.45 else lost
        else:
            final = rng.choices(open_stages, weights=[35, 30, 22, 13])[0]
        path = open_stages[: open_stages.index(final) + 1] if final.outcome == Outcome.OPEN else None
        if path is None:
            reached = rng.randint(1, len(open_stages))
            path = [*open_stages[:reached], final]
        currency = "CNY" if rng.random() < 0.9 else rng.choice(list(RATES))
        opp_id = uuid7()
        chosen = rng.sample(products, k=rng.randint(1, 3))
        amount = Decimal(0)
        for sort, product in enumerate(chosen):
            quantity = Decimal(rng.choice([1, 2, 5, 10, 20, 50]))
            price = (product.list_price / RATES.get(currency, Decimal(1))).quantize(CENT, ROUND_HALF_UP)
            discount = Decimal(rng.choice([0, 0, 5, 10, 15]))
            total = (quantity * price * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
            amount += total
            lines.append(
                OpportunityLine(
                    opportunity_id=opp_id,
                    product=product,
                    quantity=quantity,
                    unit_price=price,
                    discount=discount,
                    total=total,
                    sort=sort,
                )
            )
        amount_company = (amount * RATES.get(currency, Decimal(1))).quantize(CENT, ROUND_HALF_UP)
        at = created
        previous = None
        for step in path:
            seconds: int | None = None if previous is None else int((at - previous).total_seconds())
            changes.append(
                StageChange(
                    opportunity_id=opp_id,
                    from_stage=changes[-1].to_stage if previous is not None else None,
                    to_stage=step,
                    at=at,
                    seconds_in_previous=seconds,
                    by_id=account.owner_id,
                )
            )
            previous = at
            at = min(now, at + datetime.timedelta(days=rng.randint(3, 40)))
        closed_on = previous.date() if final.outcome != Outcome.OPEN and previous else None
        probability = final.probability
        share = {Outcome.WON: 100, Outcome.LOST: 0}.get(Outcome(final.outcome), probability)
        expected = closed_on or today + datetime.timedelta(days=rng.randint(-20, 180))
        opps.append(
            Opportunity(
                id=opp_id,
                name=f"{account.name[:40]}{rng.choice(PROJECTS)}",
                account_id=account.pk,
                pipeline=pipeline,
                stage=final,
                outcome=final.outcome,
                amount=amount,
                currency_id=currency,
                amount_company=amount_company,
                weighted_amount=(amount_company * share / 100).quantize(CENT, ROUND_HALF_UP),
                probability=probability,
                expected_close=expected,
                closed_on=closed_on,
                source=rng.choice(["web", "referral", "trade_fair", "cold_call", "campaign", "partner"]),
                lost_reason=rng.choice(["price", "competitor", "no_budget", "no_decision"])
                if final.outcome == Outcome.LOST
                else "",
                next_step=rng.choice(NEXT_STEPS) if final.outcome == Outcome.OPEN else "",
                owner_id=account.owner_id,
                department_id=account.department_id,
                created_at=created,
                updated_at=previous or created,
                stage_changed_at=previous or created,
                created_by_id=account.owner_id,
                updated_by_id=account.owner_id,
                created_source="import",
                updated_source="import",
            )
        )
        opps[-1].search_text = " ".join([opps[-1].name, opps[-1].next_step]).lower()
    Opportunity.objects.bulk_create(opps, batch_size=500)
    OpportunityLine.objects.bulk_create(lines, batch_size=1000)
    StageChange.objects.bulk_create(changes, batch_size=1000)

    rollups.rebuild()  # the running totals of the deals just loaded
    activities = _activities(rng, reps, [o for o in opps if o.outcome == Outcome.OPEN], count=opportunities * 4 // 5)
    counts = create_demo_documents(rng, accounts, products, opps, orders=orders, quotes=quotes)
    counts["quotes waiting for approval"] = _discounts_to_approve(rng, reps, opps, products)
    counts["targets"] = _targets(rng, reps)
    counts["ownership conflicts"] = _conflicts(reps)
    counts["work logs"] = _work_logs(rng, reps, accounts)
    counts["travel plans"], counts["expense reports"] = _travel(rng, reps, accounts)
    return {"products": len(products), "opportunities": len(opps), "activities": activities, **counts}


def _discounts_to_approve(
    rng: random.Random, reps: list[User], deals: list[Opportunity], products: list[Product]
) -> int:
    """A few quotes with a discount above the threshold, submitted through the real services, so
    the managers find them in their approvals inbox."""

    submitted = 0
    for rep in reps:
        managed = Department.objects.filter(pk=rep.department_id or 0, manager__isnull=False).exists()
        if not managed or submitted >= 4:
            continue
        mine = [d for d in deals if d.owner_id == rep.pk and d.outcome == Outcome.OPEN]
        for deal in mine[:2]:
            actor = Actor(rep, Source.UI)
            lines = [{"product": p.pk, "quantity": 10, "discount": "22"} for p in rng.sample(products, 2)]
            quote = create_with_lines(
                "quote",
                {"account": deal.account_id, "opportunity": deal, "subject": f"{deal.name[:60]} 报价"},
                lines,
                actor=actor,
            )
            submit_quote(quote, actor=actor, comment="战略客户，争取首单，申请特别折扣")  # type: ignore[arg-type]
            submitted += 1
    return submitted


SUBJECTS = {
    "visit": ["拜访采购部", "现场调研", "拜访决策人", "客户回访"],
    "call": ["电话沟通需求", "电话跟进报价", "确认会议时间"],
    "meeting": ["方案汇报会", "技术交流会", "商务谈判", "项目启动会"],
    "task": ["准备报价单", "提交投标文件", "整理会议纪要", "上报材料"],
}
TYPE_OF = {"visit": "visit", "call": "phone", "meeting": "report", "task": "submission"}


def _activities(rng: random.Random, reps: list[User], deals: list[Opportunity], count: int = 2400) -> int:
    """Each representative's plan (the next 30 days) and log (the last 60), on their open deals."""
    now = timezone.now()
    by_owner: dict[Any, list[Opportunity]] = {}
    for deal in deals:
        by_owner.setdefault(deal.owner_id, []).append(deal)
    rows = []
    for _ in range(count):
        owner = rng.choice(reps)
        mine = by_owner.get(owner.pk)
        if not mine:
            continue
        deal = rng.choice(mine)
        kind = rng.choices(["visit", "call", "meeting", "task"], weights=[30, 35, 15, 20])[0]
        day = timezone.localtime(now + datetime.timedelta(days=rng.randint(-60, 30)))  # office hours, local time
        starts = day.replace(
            hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=rng.choice([0, 30]), second=0, microsecond=0
        )
        # Most of what was planned got done; what is still open is mostly from the last two weeks.
        done = starts < now and rng.random() < (0.85 if now - starts < datetime.timedelta(days=14) else 0.97)
        subject = f"{rng.choice(SUBJECTS[kind])}（{deal.name[:16]}）"
        rows.append(
            Activity(
                subject=subject,
                kind=kind,
                activity_type=TYPE_OF[kind],
                status=ActivityStatus.DONE if done else ActivityStatus.PLANNED,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=rng.choice([30, 60, 90])) if kind != "task" else None,
                account_id=deal.account_id,
                opportunity_id=deal.pk,
                outcome=rng.choice(["客户认可方案", "需要补充报价", "约定下周再谈", "已提交材料"]) if done else "",
                done_at=starts + datetime.timedelta(hours=1) if done else None,
                owner=owner,
                department_id=owner.department_id,
                created_at=min(starts, now) - datetime.timedelta(days=2),
                updated_at=min(starts, now),
                created_by=owner,
                updated_by=owner,
                created_source="import",
                updated_source="import",
                search_text=subject.lower(),
            )
        )
    Activity.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _catalogue() -> list[Product]:
    products = []
    n = 0
    for sort, ((en, hans, hant), items) in enumerate(CATALOGUE):
        category, _created = ProductCategory.objects.get_or_create(
            name_en=en, defaults={"name_zh_hans": hans, "name_zh_hant": hant, "sort": sort}
        )
        for name, name_en, unit, price in items:
            n += 1
            product, _created = Product.objects.get_or_create(
                code=f"GX-{n:04d}",
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "category": category,
                    "unit": unit,
                    "currency_id": "CNY",
                    "list_price": Decimal(price),
                    "cost": (Decimal(price) * Decimal("0.55")).quantize(CENT),
                    "search_text": f"gx-{n:04d} {name} {name_en}".lower(),
                },
            )
            products.append(product)
    ProductCategory.forget_cached()
    return products


def _rates(rng: random.Random) -> None:
    today = timezone.localdate()
    for code, base in RATES.items():
        rows = []
        for months_ago in range(36, -1, -1):
            year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
            drift = Decimal(str(1 + rng.uniform(-0.03, 0.03)))
            rows.append(
                ExchangeRate(
                    currency_id=code,
                    on_date=datetime.date(year, month + 1, 1),
                    rate=(base * drift).quantize(Decimal("0.0001")),
                )
            )
        ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def _price_books(products: list[Product]) -> None:
    books: dict[str, Any] = {}
    for name, level, factor in (("标准价目表", "", Decimal("1")), ("VIP 客户价目表", "vip", Decimal("0.88"))):
        book = PriceBook.objects.filter(name=name).first() or PriceBook.objects.create(
            name=name, currency_id="CNY", customer_level=level, search_text=name.lower()
        )
        books[name] = (book, factor)
    for book, factor in books.values():
        PriceBookEntry.objects.bulk_create(
            [
                PriceBookEntry(price_book=book, product=p, price=(p.list_price * factor).quantize(CENT))
                for p in products
            ],
            ignore_conflicts=True,
        )


def _one_of_a_kind(account: Account) -> bool:
    """A 有限公司 whose name no other account shares (generated names repeat): one conflict, not many."""
    base = account.name.removesuffix("有限公司")
    return (
        base != account.name
        and len(base) >= 4
        and customer_selectors.accounts().filter(name__startswith=base).count() == 1
    )


def _conflicts(reps: list[User]) -> int:
    """Two representatives about to work one customer (撞单): each of the first two enters a new
    account like another's customer — the same name under another legal form, then the same phone —
    through the services, so the conflicts are found as in real use, once the demo commits."""

    made = 0
    taken: list[str] = []  # one phone per conflict
    service = registry.get("account").service
    for rep, new_name in zip(reps[:2], ("华信通达商贸有限公司", "宏远恒泰科技有限公司"), strict=False):
        others = customer_selectors.accounts().filter(owner__in=reps).exclude(owner=rep).order_by("pk")
        named = next((a for a in others[:200] if _one_of_a_kind(a)), None)
        if named is not None:
            name = named.name.removesuffix("有限公司") + "股份有限公司"
            service.create({"name": name, "owner": rep}, actor=Actor(rep, Source.UI))
            made += 1
        phone = customer_selectors.account_points(others.values("pk"), ["phone"])
        if named is not None:
            phone = phone.exclude(object_id=named.pk)
        point = phone.exclude(normalized__in=taken).order_by("id").first()
        if point is not None:
            taken.append(point.normalized)
            account = service.create({"name": new_name, "owner": rep}, actor=Actor(rep, Source.UI))
            save_contact_point(account, {"kind": "phone", "value": point.value}, actor=Actor(rep, Source.UI))
            made += 1
    return made


def _targets(rng: random.Random, reps: list[User]) -> int:
    """This year's targets, set through the service as a manager would: each representative's won
    amount per month and per quarter — what they won a month over the past three years, raised by
    a stretch of 0–25 % —, each department's per quarter (its own people and those of the
    departments below it) and the company's for the year."""

    service = registry.get("target").service
    today = timezone.localdate()
    year = today.year
    won = dict(
        Opportunity.objects.filter(outcome=Outcome.WON, closed_on__gte=today - datetime.timedelta(days=3 * 365))
        .values_list("owner_id")
        .annotate(total=Sum("amount_company"))
        .order_by()
    )
    paths = dict(Department.objects.values_list("pk", "path"))
    made = 0
    departments: dict[int, Decimal] = {}
    company = Decimal(0)
    for rep in reps:
        history = Decimal(won.get(rep.pk) or 0) / 36
        base = history if history > 0 else Decimal(rng.randrange(200_000, 600_000, 10_000))
        monthly = (base * Decimal(str(rng.uniform(1.0, 1.25)))).quantize(Decimal("1000"))
        for month in range(1, 13):
            value = (monthly * Decimal(str(rng.uniform(0.85, 1.2)))).quantize(Decimal("1000"))
            data = {"owner": rep, "period": "month", "starts_on": datetime.date(year, month, 1), "value": value}
            service.create({**data, "metric": "won_amount"}, actor=SYSTEM)
            made += 1
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            service.create(
                {"owner": rep, "metric": "won_amount", "period": "quarter", "starts_on": start, "value": monthly * 3},
                actor=SYSTEM,
            )
            made += 1
        company += monthly * 12
        if rep.department_id is not None:  # the department and every one above it
            for part in paths.get(rep.department_id, "").strip("/").split("/"):
                if part:
                    departments[int(part)] = departments.get(int(part), Decimal(0)) + monthly * 3
    for department_id, value in departments.items():
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            service.create(
                {"scope": "department", "team": department_id, "metric": "won_amount", "period": "quarter",
                 "starts_on": start, "value": value},
                actor=SYSTEM,
            )  # fmt: skip
            made += 1
    service.create(
        {"scope": "company", "metric": "won_amount", "period": "year", "starts_on": datetime.date(year, 1, 1),
         "value": company},
        actor=SYSTEM,
    )  # fmt: skip
    return made + 1


LOG_ITEMS = [
    "电话回访老客户，了解使用情况",
    "拜访客户采购部，介绍新版本功能",
    "整理并发送报价单",
    "参加部门周会，汇报商机进展",
    "准备投标文件的技术部分",
    "与实施团队确认上线计划",
    "客户来访接待，演示移动销售应用",
    "跟进回款，核对发票信息",
]


def _work_logs(rng: random.Random, reps: list[User], accounts: list[Account], days: int = 10) -> int:
    """Each representative's work logs of the last two working weeks, submitted (today's is a draft)."""

    today = timezone.localdate()
    logs, entries = [], []
    by_owner: dict[Any, list[Account]] = {}
    for account in accounts:
        by_owner.setdefault(account.owner_id, []).append(account)
    for rep in reps:
        day, made = today, 0
        while made < days:
            if day.weekday() < 5:
                submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 30)))
                log = WorkLog(
                    day=day,
                    summary=f"{day:%m-%d} 工作小结：{rng.choice(LOG_ITEMS)}",
                    plan=rng.choice(LOG_ITEMS),
                    status=WorkLogStatus.DRAFT if day == today else WorkLogStatus.SUBMITTED,
                    submitted_at=None if day == today else submitted,
                    owner=rep,
                    department_id=rep.department_id,
                    created_at=submitted - datetime.timedelta(hours=9),
                    updated_at=submitted,
                    created_by=rep,
                    updated_by=rep,
                    created_source="ui",
                    updated_source="ui",
                )
                log.search_text = f"{log.summary} {log.plan}".lower()
                logs.append(log)
                mine = by_owner.get(rep.pk) or accounts
                for sort, hour in enumerate(sorted(rng.sample([9, 10, 11, 14, 15, 16, 17], k=3))):
                    entries.append(
                        WorkLogEntry(
                            log=log,
                            starts=datetime.time(hour),
                            ends=datetime.time(hour + 1),
                            content=rng.choice(LOG_ITEMS),
                            account_id=rng.choice(mine).pk if rng.random() < 0.7 else None,
                            sort=sort,
                        )
                    )
                made += 1
            day -= datetime.timedelta(days=1)
    WorkLog.objects.bulk_create(logs, batch_size=500)
    WorkLogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(logs)


CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "苏州", "香港", "台北"]


def _travel(rng: random.Random, reps: list[User], accounts: list[Account]) -> tuple[int, int]:
    """Per representative: last month's trip, done and recorded, with its approved expense report;
    next week's trip, planned; and a draft report of small expenses."""

    today = timezone.localdate()
    now = timezone.now()
    plans, links, reports, lines = [], [], [], []
    by_owner: dict[Any, list[Account]] = {}
    for account in accounts:
        by_owner.setdefault(account.owner_id, []).append(account)
    for rep in reps:
        mine = by_owner.get(rep.pk) or accounts
        stamp = {
            "owner": rep,
            "department_id": rep.department_id,
            "created_by": rep,
            "updated_by": rep,
            "created_source": "ui",
            "updated_source": "ui",
        }
        for when, status in ((-rng.randint(20, 40), TravelStatus.DONE), (rng.randint(5, 12), TravelStatus.APPROVED)):
            city = rng.choice(CITIES)
            starts = today + datetime.timedelta(days=when)
            customer = rng.choice(mine)
            plan = TravelPlan(
                purpose=f"{city}客户拜访",
                destination=city,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=rng.randint(1, 3)),
                planned=f"拜访{customer.name[:20]}，交流项目进展",
                report="完成拜访，客户确认下一步技术交流" if status == TravelStatus.DONE else "",
                status=status,
                budget=Decimal(rng.randrange(2000, 8000, 500)),
                search_text=f"{city}客户拜访 {city}",
                created_at=now + datetime.timedelta(days=min(when, 0) - 7),
                updated_at=now,
                **stamp,
            )
            plans.append(plan)
            links.append(TravelLink(plan=plan, object_type="account", object_id=customer.pk))
            if status == TravelStatus.DONE:
                report = ExpenseReport(
                    title=f"{city}出差报销",
                    travel_plan=plan,
                    account_id=customer.pk,
                    status=ExpenseStatus.APPROVED,
                    submitted_at=now + datetime.timedelta(days=when + 4),
                    search_text=f"{city}出差报销",
                    created_at=now + datetime.timedelta(days=when + 3),
                    updated_at=now + datetime.timedelta(days=when + 6),
                    **stamp,
                )
                total = Decimal(0)
                for sort, (category, low, high) in enumerate(
                    (("transport", 300, 1500), ("lodging", 400, 900), ("meals", 60, 300), ("entertainment", 200, 1200))
                ):
                    amount = Decimal(rng.randint(low, high))
                    total += amount
                    lines.append(
                        ExpenseLine(
                            report=report,
                            category=category,
                            day=starts,
                            amount=amount,
                            currency_id="CNY",
                            amount_company=amount,
                            sort=sort,
                        )
                    )
                report.total = total
                reports.append(report)
        draft = ExpenseReport(
            title="本月市内交通及通讯费",
            status=ExpenseStatus.DRAFT,
            search_text="本月市内交通及通讯费",
            created_at=now,
            updated_at=now,
            **stamp,
        )
        draft.total = Decimal(0)
        for sort, category in enumerate(("transport", "communication")):
            amount = Decimal(rng.randint(50, 300))
            draft.total += amount
            lines.append(
                ExpenseLine(
                    report=draft, category=category, day=today, amount=amount, currency_id="CNY",
                    amount_company=amount, sort=sort,
                )
            )  # fmt: skip
        reports.append(draft)
    TravelPlan.objects.bulk_create(plans)
    TravelLink.objects.bulk_create(links)
    ExpenseReport.objects.bulk_create(reports)
    ExpenseLine.objects.bulk_create(lines)
    return len(plans), len(reports)
