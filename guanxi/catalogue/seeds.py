"""Reference data the catalogue starts with: the currencies and the product units (a picklist). All of
it is editable afterwards. Seeded on migrate by the catalogue's own handler (apps.py), so any app
that installs the catalogue has its currencies, "sales" or not."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.studio.services import ensure_picklist

from .models import Currency

# (ISO 4217 code, English, 简体, 繁體, symbol)
CURRENCIES = [
    ("CNY", "Chinese yuan", "人民币", "人民幣", "¥"),
    ("HKD", "Hong Kong dollar", "港币", "港幣", "HK$"),
    ("TWD", "New Taiwan dollar", "新台币", "新臺幣", "NT$"),
    ("USD", "US dollar", "美元", "美元", "$"),
    ("EUR", "Euro", "欧元", "歐元", "€"),
    ("JPY", "Japanese yen", "日元", "日圓", "¥"),
    ("GBP", "Pound sterling", "英镑", "英鎊", "£"),
    ("SGD", "Singapore dollar", "新加坡元", "新加坡元", "S$"),
]

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "product_unit": (
        gettext_noop("Unit"),  # stored as is; pages translate it
        [
            ("piece", "Piece", "个", "個"),
            ("set", "Set", "套", "套"),
            ("box", "Box", "箱", "箱"),
            ("licence", "Licence", "许可", "授權"),
            ("year", "Year", "年", "年"),
            ("hour", "Hour", "小时", "小時"),
            ("sqm", "Square metre", "平方米", "平方公尺"),
        ],
    ),
}


def ensure_currencies() -> None:
    """Add the currencies that are missing; an existing one (its names, symbol, active flag) is kept."""
    for code, en, hans, hant, symbol in CURRENCIES:
        Currency.objects.get_or_create(
            code=code, defaults={"name_en": en, "name_zh_hans": hans, "name_zh_hant": hant, "symbol": symbol}
        )


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def ensure_catalogue_reference() -> None:
    """Create what is missing; never overwrite what an administrator changed."""
    ensure_currencies()
    ensure_picklists()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_catalogue_reference()
