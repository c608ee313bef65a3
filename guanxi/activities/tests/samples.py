"""Sample data of the activities objects for the platform's generated tests."""

from __future__ import annotations

import itertools
from typing import Any

from guanxi.core.testing import EDITS, make, sample


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


_DAYS = itertools.count()


@sample("work_log")
def work_log(owner: Any) -> dict[str, Any]:
    import datetime

    from django.utils import timezone

    # A day of its own each time: one log per person and day.
    return {"day": timezone.localdate() - datetime.timedelta(days=next(_DAYS)), "summary": "拜访两家客户，整理报价"}


EDITS.update(
    {
        "activity": ("location", "上海市浦东新区张江高科技园区"),
        "work_log": ("plan", "明天跟进宁波项目的技术交流"),
    }
)
