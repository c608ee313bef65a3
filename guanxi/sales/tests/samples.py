"""Sample data of the sales objects for the platform's generated tests."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from guanxi.core.testing import EDITS, make, sample


@sample("product")
def product(owner: Any) -> dict[str, Any]:
    return {
        "name": "企业版软件许可",
        "name_en": "Enterprise licence",
        "unit": "licence",
        "list_price": Decimal("12800.00"),
    }


@sample("price_book")
def price_book(owner: Any) -> dict[str, Any]:
    return {"name": "VIP 价格表", "customer_level": "vip"}


@sample("opportunity")
def opportunity(owner: Any) -> dict[str, Any]:
    return {"name": "华东区数据中心扩容项目", "account": make("account", owner), "amount": Decimal("880000")}


@sample("activity")
def activity(owner: Any) -> dict[str, Any]:
    import datetime

    from django.utils import timezone

    return {
        "subject": "拜访采购部王经理",
        "kind": "visit",
        "activity_type": "visit",
        "starts_at": timezone.now() + datetime.timedelta(days=2),
        "account": make("account", owner),
    }


@sample("quote")
def quote(owner: Any) -> dict[str, Any]:
    return {"subject": "数据中心扩容报价", "account": make("account", owner)}


@sample("order")
def order(owner: Any) -> dict[str, Any]:
    return {"account": make("account", owner), "customer_reference": "PO-2026-0815"}


@sample("contract")
def contract(owner: Any) -> dict[str, Any]:
    import datetime

    return {
        "name": "2027 年度维保合同",
        "account": make("account", owner),
        "starts_on": datetime.date(2027, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "value": Decimal("360000"),
    }


@sample("invoice")
def invoice(owner: Any) -> dict[str, Any]:
    return {"account": make("account", owner), "amount": Decimal("120000.00")}


@sample("payment")
def payment(owner: Any) -> dict[str, Any]:
    return {"account": make("account", owner), "amount": Decimal("8000.00"), "reference": "银行回单 0042"}


_QUARTERS = itertools.count()


@sample("target")
def target(owner: Any) -> dict[str, Any]:
    import datetime

    # A quarter of its own each time: one target per person, measure and period.
    year, quarter = divmod(next(_QUARTERS), 4)
    starts = datetime.date(2026 + year, quarter * 3 + 1, 1)
    return {"metric": "won_amount", "period": "quarter", "starts_on": starts, "value": Decimal("3000000")}


_DAYS = itertools.count()


@sample("work_log")
def work_log(owner: Any) -> dict[str, Any]:
    import datetime

    from django.utils import timezone

    # A day of its own each time: one log per person and day.
    return {"day": timezone.localdate() - datetime.timedelta(days=next(_DAYS)), "summary": "拜访两家客户，整理报价"}


@sample("travel_plan")
def travel_plan(owner: Any) -> dict[str, Any]:
    import datetime

    return {
        "purpose": "拜访华南区重点客户",
        "destination": "广州、深圳",
        "starts_on": datetime.date(2026, 12, 7),
        "ends_on": datetime.date(2026, 12, 9),
    }


@sample("expense_report")
def expense_report(owner: Any) -> dict[str, Any]:
    return {"title": "12 月华南出差报销"}


EDITS.update(
    {
        "product": ("name", "企业版软件许可（三年）"),
        "price_book": ("name", "VIP 价格表 2027"),
        "opportunity": ("next_step", "安排技术交流会"),
        "activity": ("location", "上海市浦东新区张江高科技园区"),
        "quote": ("notes", "含三年原厂维保"),
        "order": ("customer_reference", "PO-2026-0816"),
        "contract": ("terms", "按季度开票，见票 30 天付款"),
        "invoice": ("notes", "增值税专用发票"),
        "payment": ("reference", "银行回单 0043"),
        "target": ("notes", "含新签与续约"),
        "work_log": ("plan", "明天跟进宁波项目的技术交流"),
        "travel_plan": ("planned", "拜访广汽、比亚迪采购部"),
        "expense_report": ("notes", "含高铁票三张"),
    }
)
