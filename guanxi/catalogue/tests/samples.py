"""Sample data of the catalogue objects for the platform's generated tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from guanxi.core.testing import EDITS, sample


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


EDITS.update(
    {
        "product": ("name", "企业版软件许可（三年）"),
        "price_book": ("name", "VIP 价格表 2027"),
    }
)
