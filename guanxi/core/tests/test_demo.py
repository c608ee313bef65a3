"""The README's first command loads this demo: it must load on a fresh database and show each user
what the table of demo logins promises (here at a small scale, the same code path)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanxi.access.models import User
from guanxi.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_and_each_user_sees_their_part(
    client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # as when the demo commits
        counts = load_demo(
            accounts=60, contacts=90, leads=20, interactions=120, opportunities=80, orders=300, quotes=40, booths=12
        )
    assert counts["opportunities"] == 80 and counts["products"] == 17 and counts["exhibition booths"] == 12
    assert counts["activities"] > 0
    assert counts["orders"] == 300 and counts["order lines"] >= 300 and counts["quotes"] >= 40
    assert counts["invoices"] > 0 and counts["payments"] > 0 and counts["contracts"] > 0 and counts["targets"] > 0
    assert counts["work logs"] > 0 and counts["travel plans"] > 0 and counts["expense reports"] > 0
    assert load_demo() == {}  # a second run adds nothing
    rep = User.objects.get(username="li.na")
    client.force_login(rep)
    for path in (
        "/app/",
        "/app/opportunity/",
        "/app/opportunity/kanban/",
        "/app/calendar/",
        "/app/booth/",
        "/app/product/",
        "/app/activity/",
        "/app/quote/",
        "/app/order/",
        "/app/invoice/",
        "/app/sales/receivables/",
        "/app/sales/ledger/",
        "/app/sales/",
        "/app/sales/targets/",
        "/app/target/",
        "/app/work_log/",
        "/app/travel_plan/",
        "/app/expense_report/",
        "/app/sales/expenses/",
    ):
        assert client.get(path).status_code == 200, path
    from guanxi.pipeline.models import Opportunity

    page = client.get("/app/opportunity/", {"limit": 500}).content.decode()
    mine = Opportunity.objects.filter(owner=rep)
    theirs = Opportunity.objects.filter(owner__username="chen.jie")
    assert mine.exists() and theirs.exists()
    assert all(f"/app/opportunity/{o.pk}/" in page for o in mine[:40])
    assert not any(f"/app/opportunity/{o.pk}/" in page for o in theirs)  # another team's deals

    # The discounts waiting for approval wait for the representatives' managers, as in real use.
    from guanxi.automation.models import ApprovalRequest

    waiting = ApprovalRequest.objects.filter(object_type="quote", status="pending").prefetch_related("approvers")
    assert waiting.exists()
    assert {u.username for r in waiting for u in r.approvers.all()} <= {"wang.fang", "zhao.lei"}
    client.force_login(User.objects.get(username="wang.fang"))  # her inbox lists them
    assert "报价折扣审批" in client.get("/app/approvals/").content.decode()  # in her language

    # Two representatives' new accounts look like colleagues' customers: the managers see it.
    from guanxi.pipeline.models import OwnershipConflict

    assert counts["ownership conflicts"] == OwnershipConflict.objects.count() == 4  # one each, no echoes
    assert set(OwnershipConflict.objects.values_list("reason", flat=True)) == {"same_name", "same_phone"}
    assert "华信通达商贸有限公司" in client.get("/app/sales/conflicts/").content.decode()
