"""Sample data of the targets objects for the platform's generated tests."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from guanxi.core.testing import EDITS, sample

_QUARTERS = itertools.count()


@sample("target")
def target(owner: Any) -> dict[str, Any]:
    import datetime

    # A quarter of its own each time: one target per person, measure and period.
    year, quarter = divmod(next(_QUARTERS), 4)
    starts = datetime.date(2026 + year, quarter * 3 + 1, 1)
    return {"metric": "won_amount", "period": "quarter", "starts_on": starts, "value": Decimal("3000000")}


EDITS.update(
    {
        "target": ("notes", "含新签与续约"),
    }
)
