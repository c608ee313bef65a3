"""Sample data of the billing objects for the platform's generated tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from guanxi.core.testing import EDITS, make, sample


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


EDITS.update(
    {
        "quote": ("notes", "含三年原厂维保"),
        "order": ("customer_reference", "PO-2026-0816"),
        "contract": ("terms", "按季度开票，见票 30 天付款"),
        "invoice": ("notes", "增值税专用发票"),
        "payment": ("reference", "银行回单 0043"),
    }
)
