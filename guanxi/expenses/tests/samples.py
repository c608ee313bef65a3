"""Sample data of the expenses objects for the platform's generated tests."""

from __future__ import annotations

from typing import Any

from guanxi.core.testing import EDITS, sample


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
        "travel_plan": ("planned", "拜访广汽、比亚迪采购部"),
        "expense_report": ("notes", "含高铁票三张"),
    }
)
