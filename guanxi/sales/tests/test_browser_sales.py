"""A representative's deal from lead to cash in a real headless Chromium, with their manager
approving the discount: convert a lead into an account, a contact and an opportunity, drag it
through the pipeline, quote with a discount that needs approval, have it approved, make the order,
invoice it and record the payment, see the dashboard follow — and log a visit that lands on the
customer's timeline. Screenshots go to test-artifacts/sales-*.png."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from typing import Any

import pytest

from guanxi.access.services import save_department
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.testing import make
from guanxi.core.tests.test_browser import CHROMIUM, chromium, page, shoot, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def drag(page: Any, card: Any, target: Any) -> None:  # noqa: F811
    box, goal = card.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(goal["x"] + 40, goal["y"] + 30, steps=12)
    page.mouse.up()
    page.wait_for_timeout(800)


def pick(page: Any, field: str, text: str) -> None:  # noqa: F811
    """Choose a record in a lookup field by typing part of its name."""
    box = page.locator(f"[data-lookup]:has(input[name={field}])").first
    box.locator(".lookup-text").fill(text)
    box.locator(".lookup-option").first.click()


def test_from_lead_to_cash_with_a_discount_approved_by_the_manager(
    page: Any,  # noqa: F811
    chromium: Any,  # noqa: F811
    live_server: Any,
    org: Any,
) -> None:
    from guanxi.billing.models import Invoice, Quote, SalesOrder
    from guanxi.pipeline.models import Opportunity, Stage

    assert os.path.exists(CHROMIUM)
    base = live_server.url
    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    make("product", org.admin, name="客户关系管理系统 企业版", code="CRM-ENT", list_price=Decimal("12800"))
    lead = registry.get("lead").service.create(
        {"name": "周建国", "company": "宁波甬江智能制造有限公司", "phone": "0574 8765 4321"},
        actor=Actor(org.rep, Source.UI),
    )

    # 1. The lead becomes an account, a contact and an opportunity in one step.
    sign_in(page, base, "rep")
    page.goto(f"{base}/app/lead/{lead.pk}/")
    page.click("text=Convert")
    page.fill("input[name=opportunity__name]", "宁波甬江 CRM 项目")
    page.fill("input[name=opportunity__amount]", "256000")
    page.fill("input[name=opportunity__expected_close]", (datetime.date.today() + datetime.timedelta(30)).isoformat())
    page.click("button:has-text('Convert')")
    page.wait_for_selector("h1:has-text('宁波甬江智能制造有限公司')")
    deal = Opportunity.objects.get(name="宁波甬江 CRM 项目")
    assert deal.account.name == "宁波甬江智能制造有限公司" and deal.owner == org.rep

    # 2. Through the pipeline on the board: the stage rules run on every drop.
    page.goto(f"{base}/app/opportunity/kanban/")
    for key in ("intent", "tender"):
        stage = Stage.objects.get(pipeline__key="default", key=key)
        drag(
            page,
            page.locator(".kanban-card:has-text('宁波甬江 CRM 项目')"),
            page.locator(f".kanban-cards[data-value='{stage.pk}']"),
        )
    deal.refresh_from_db()
    assert deal.stage.key == "tender" and deal.probability == 60
    shoot(page, "sales-board")

    # 3. A quote with a 20% discount: above the threshold, so it goes to the manager.
    page.goto(f"{base}/app/quote/new/")
    pick(page, "account", "宁波甬江")
    pick(page, "opportunity", "宁波甬江")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Products")
    pick(page, "product", "CRM-ENT")
    page.fill("form.line-form input[name=quantity]", "20")
    page.fill("form.line-form input[name=discount]", "20")
    page.click("button:has-text('Add product')")
    page.wait_for_selector("text=needs approval")
    quote = Quote.objects.get(opportunity=deal)
    assert quote.total == Decimal("231424.00")  # 20 × 12,800 less 20%, plus 13% tax
    page.fill("input[name=comment]", "首单，争取标杆客户")
    page.click("button:has-text('Submit for approval')")
    page.wait_for_selector("text=Waiting for approval")
    shoot(page, "sales-quote-waiting")

    manager_context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    manager = manager_context.new_page()
    sign_in(manager, base, "manager")
    manager.goto(f"{base}/app/approvals/")
    manager.click(f"text={quote.subject}")
    manager.fill("textarea[name=comment]", "同意，下不为例")
    manager.click("button:has-text('Approve')")
    manager.wait_for_timeout(500)
    manager_context.close()
    quote.refresh_from_db()
    assert quote.status == "approved"

    # 4. The order, its invoice and the payment.
    page.goto(f"{base}/app/quote/{quote.pk}/")
    with page.expect_popup() as popup:
        page.click("text=View PDF")
    assert popup.value.url.endswith("/pdf/")
    popup.value.close()
    page.click("button:has-text('Accept and make the order')")
    page.wait_for_selector("h1:has-text('SO-')")
    order = SalesOrder.objects.get(quote=quote)
    assert order.total == quote.total
    page.click("button:has-text('Invoice the rest')")
    page.wait_for_selector("h1:has-text('INV-')")
    invoice = Invoice.objects.get(order=order)
    page.fill("form.line-form input[name=amount]", "231424.00")
    page.click("button:has-text('Record payment')")
    page.wait_for_selector("text=Payment recorded")
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    shoot(page, "sales-invoice-paid")

    # 5. The deal is won; the dashboard shows it against the target.
    registry.get("target").service.create(
        {"owner": org.rep, "metric": "won_amount", "period": "quarter", "starts_on": datetime.date.today(),
         "value": Decimal("512000")},
        actor=Actor(org.manager, Source.UI),
    )  # fmt: skip
    page.goto(f"{base}/app/opportunity/kanban/")
    won = Stage.objects.get(pipeline__key="default", key="won")
    drag(
        page,
        page.locator(".kanban-card:has-text('宁波甬江 CRM 项目')"),
        page.locator(f".kanban-cards[data-value='{won.pk}']"),
    )
    deal.refresh_from_db()
    assert deal.outcome == "won"
    page.goto(f"{base}/app/sales/")
    assert page.locator("[data-kpi=won]").inner_text().replace(",", "") == "256000"
    assert "50.0%" in page.locator(".kpis").inner_text()
    assert page.locator("[data-kpi=win-rate]").inner_text() == "100.0%"  # the one deal closed, won
    reached = page.locator("[data-section=conversion] tbody tr").first.locator("td").nth(1).inner_text()
    assert reached == "1"
    page.wait_for_selector("[data-echarts][data-ready='1']")
    shoot(page, "sales-dashboard")

    # 6. A visit, done with its outcome, on the customer's timeline.
    page.goto(f"{base}/app/activity/new/")
    page.fill("input[name=subject]", "上门拜访周总，确认实施计划")
    page.select_option("select[name=kind]", "visit")
    page.select_option("select[name=status]", "done")
    pick(page, "account", "宁波甬江")
    page.fill("textarea[name=outcome]", "客户确认下月启动实施")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('上门拜访周总')")
    page.goto(f"{base}/app/account/{deal.account_id}/")
    assert page.locator("text=上门拜访周总，确认实施计划").count() >= 1
    shoot(page, "sales-account-timeline")
