"""Sample data of the customer hub's objects for the platform's generated tests."""

from __future__ import annotations

from typing import Any

from guanxi.core.testing import EDITS, make, sample


@sample("account")
def account(owner: Any) -> dict[str, Any]:
    return {"name": "上海明德贸易有限公司", "account_type": "customer", "level": "a", "industry": "distribution"}


@sample("contact")
def contact(owner: Any) -> dict[str, Any]:
    return {"name": "李明", "title": "采购经理", "account": make("account", owner)}


@sample("lead")
def lead(owner: Any) -> dict[str, Any]:
    return {"name": "Zhou Jie", "company": "Hangzhou Lianhe Tech", "phone": "138 0013 8000", "source": "web"}


@sample("interaction")
def interaction(owner: Any) -> dict[str, Any]:
    return {"account": make("account", owner), "channel": "phone", "subject": "电话沟通续约事宜"}


EDITS.update(
    {
        "account": ("name", "上海明德贸易集团"),
        "contact": ("title", "总经理"),
        "lead": ("company", "Hangzhou Lianhe Technology"),
        "interaction": ("subject", "Called about the renewal"),
    }
)
