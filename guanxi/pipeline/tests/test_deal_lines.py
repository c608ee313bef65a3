"""A deal's product lines through the API: read and replaced all at once (If-Match, the amount
follows), or added and removed one by one as record actions; a role from whom the amount is hidden
neither reads nor changes them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from guanxi.access.models import Role
from guanxi.access.services import set_field_rule
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import make
from guanxi.pipeline.models import Opportunity, OpportunityLine

pytestmark = pytest.mark.django_db


def test_a_deals_lines_are_read_replaced_and_changed_one_by_one(org: Any, api: Any) -> None:
    rest = api(org.rep)
    deal = make("opportunity", org.rep, name="苏州园区 ERP 升级")
    licence = make("product", org.admin, name="企业版软件许可", list_price=Decimal("12800"))
    service = make("product", org.admin, name="实施服务（人天）", list_price=Decimal("2000"))
    lines = f"/api/v1/sales/opportunities/{deal.pk}/lines"

    body = {"lines": [{"product": str(licence.pk), "quantity": "10", "discount": "5"}]}
    assert rest.put(lines, body).status_code == 428  # say which version you replace
    r = rest.put(lines, body, **{"If-Match": f'"{deal.version}"'})
    assert r.status_code == 200, r.content
    assert Decimal(r.json()["amount"]) == Decimal("121600.00")
    assert rest.put(lines, body, **{"If-Match": f'"{deal.version}"'}).status_code == 412  # stale now
    got = rest.get(lines).json()
    assert [(row["product"], row["total"]) for row in got] == [(str(licence.pk), "121600.00")]

    actions = f"/api/v1/opportunities/{deal.pk}/actions"
    r = rest.post(f"{actions}/add_line", {"product": str(service.pk), "quantity": "5"})
    assert r.status_code == 200 and Decimal(r.json()["amount"]) == Decimal("131600.00")
    assert rest.post(f"{actions}/remove_line", {"line": 3}).json()["errors"]["line"]
    assert rest.post(f"{actions}/remove_line", {"line": 1}).status_code == 200
    assert list(OpportunityLine.objects.filter(opportunity=deal).values_list("product", flat=True)) == [service.pk]
    assert Opportunity.objects.get(pk=deal.pk).amount == Decimal("10000.00")

    set_field_rule(
        role=Role.objects.get(key="sales_rep"), object_type="opportunity", field="amount", access="hidden", actor=SYSTEM
    )
    rest = api(org.rep)
    assert rest.get(lines).status_code == 403
    r = rest.post(f"{actions}/add_line", {"product": str(licence.pk), "quantity": "1"})
    assert r.status_code == 403 and OpportunityLine.objects.filter(opportunity=deal).count() == 1


def test_a_closed_deal_keeps_its_lines(org: Any, api: Any) -> None:
    deal = make("opportunity", org.rep, name="宁波港联 WMS")
    product = make("product", org.admin, name="实施服务（人天）", list_price=Decimal("2000"))
    rest = api(org.rep)
    actions = f"/api/v1/opportunities/{deal.pk}/actions"
    assert rest.post(f"{actions}/add_line", {"product": str(product.pk), "quantity": "2"}).status_code == 200
    rest.post(f"{actions}/lost", {"lost_reason": "price"})
    deal.refresh_from_db()
    r = rest.post(f"{actions}/add_line", {"product": str(product.pk), "quantity": "5"})
    assert r.status_code == 422 and "status" in r.json()["errors"]
    r = rest.put(f"/api/v1/sales/opportunities/{deal.pk}/lines", {"lines": []}, **{"If-Match": f'"{deal.version}"'})
    assert r.status_code == 422 and "status" in r.json()["errors"]
    assert Opportunity.objects.get(pk=deal.pk).amount == Decimal("4000.00")
