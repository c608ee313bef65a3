"""Test support: a custom object defined the way an administrator would, for the platform's
generated tests (leak matrix, API fuzzing) and the custom objects' own."""

from __future__ import annotations

from typing import Any

from guanxi.core.actor import SYSTEM
from guanxi.core.testing import EDITS, sample
from guanxi.customization.models import CustomObject

from .services import parse_choices, save_custom_field, save_custom_object

CUSTOM_KEY = "booth"
STATUSES = "\n".join(
    [
        "reserved | Reserved | 已预订 | 已預訂",
        "confirmed | Confirmed | 已确认 | 已確認",
        "cancelled | Cancelled | 已取消 | 已取消",
    ]
)


def define_booth(**overrides: Any) -> CustomObject:
    data = {
        "key": "booth",
        "label": "Booth",
        "label_zh_hans": "展位",
        "label_zh_hant": "展位",
        "label_plural": "Booths",
        "label_plural_zh_hans": "展位",
        "label_plural_zh_hant": "展位",
        "name_label": "Booth number",
        "name_label_zh_hans": "展位号",
        "statuses": parse_choices(STATUSES),
        **overrides,
    }
    definition = save_custom_object(data, actor=SYSTEM)
    save_custom_field(
        {"object_type": "booth", "key": "hall", "label": "Hall", "field_type": "text", "show_in_list": True},
        actor=SYSTEM,
    )
    save_custom_field(
        {"object_type": "booth", "key": "area", "label": "Area (m²)", "field_type": "decimal"}, actor=SYSTEM
    )
    save_custom_field(
        {
            "object_type": "booth",
            "key": "exhibitor",
            "label": "Exhibitor",
            "field_type": "lookup",
            "lookup_object_type": "account",
        },
        actor=SYSTEM,
    )
    return definition


@sample(CUSTOM_KEY)
def booth(owner: Any) -> dict[str, Any]:
    return {"name": "A-101", "status": "reserved", "custom": {"hall": "1H", "area": "18"}}


EDITS[CUSTOM_KEY] = ("name", "A-102")
