"""Reference data activities start with: the activity types (a picklist, editable afterwards).
Seeded on migrate by the app's own handler (apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from guanxi.studio.services import ensure_picklist

PICKLISTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "activity_type": (
        gettext_noop("Activity type"),  # stored as is; pages translate it
        [
            ("report", "Report and exchange", "汇报交流", "匯報交流"),
            ("phone", "Phone conversation", "电话沟通", "電話溝通"),
            ("reception", "Business reception", "业务接待", "業務接待"),
            ("submission", "Submitting materials", "上报材料", "上報材料"),
            ("visit", "Customer visit", "客户拜访", "客戶拜訪"),
            ("demo", "Product demonstration", "产品演示", "產品演示"),
            ("negotiation", "Negotiation", "商务谈判", "商務談判"),
            ("training", "Training", "培训", "培訓"),
        ],
    ),
}


def ensure_picklists() -> None:
    for key, (name, options) in PICKLISTS.items():
        ensure_picklist(key, name, options)


@transaction.atomic
def ensure_activities_reference() -> None:
    """Create what is missing; never overwrite what an administrator changed."""
    ensure_picklists()


def on_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (not after a test's flush, which passes no plan): create what is missing of
    the seed data, never overwriting what an administrator changed."""
    if plan is None:
        return
    ensure_activities_reference()
