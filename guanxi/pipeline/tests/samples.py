"""Sample data of the pipeline objects for the platform's generated tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from guanxi.core.testing import EDITS, make, sample


@sample("opportunity")
def opportunity(owner: Any) -> dict[str, Any]:
    return {"name": "华东区数据中心扩容项目", "account": make("account", owner), "amount": Decimal("880000")}


EDITS.update(
    {
        "opportunity": ("next_step", "安排技术交流会"),
    }
)
