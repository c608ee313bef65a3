"""An administrator defines a custom object in a real headless Chromium and a representative works
with it: the form, a custom field, a record, and a drag across its kanban board."""

from __future__ import annotations

import os
from typing import Any

import pytest

from guanxi.core import registry
from guanxi.core.tests.test_browser import CHROMIUM, chromium, page, shoot, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_define_an_object_then_work_on_its_board(page: Any, live_server: Any, org: Any) -> None:  # noqa: F811
    assert os.path.exists(CHROMIUM)
    base = live_server.url
    sign_in(page, base, "admin")
    page.click("text=Custom objects")
    page.click("text=New custom object")
    page.fill("input[name=key]", "booth")
    page.fill("input[name=label]", "Booth")
    page.fill("input[name=label_zh_hans]", "展位")
    page.fill("input[name=label_plural]", "Booths")
    page.fill("input[name=name_label]", "Booth number")
    page.fill("textarea[name=statuses_text]", "reserved | Reserved | 已预订\nconfirmed | Confirmed | 已确认")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"{base}/app/admin/objects/booth/")
    page.click("text=+ New field")
    page.fill("input[name=key]", "hall")
    page.fill("input[name=label]", "Hall")
    page.check("input[name=show_in_list]")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"{base}/app/admin/objects/booth/")
    assert page.locator("table.grid a:text-is('Hall')").count() == 1
    shoot(page, "custom-object-definition")

    page.click("nav >> text=Booths")  # in the menu at once
    page.click("text=+ New")
    page.fill("input[name=name]", "A-101")
    page.fill("input[name=custom__hall]", "1H")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('A-101')")
    assert page.locator("dd:has-text('Reserved')").count() == 1

    page.goto(f"{base}/app/booth/kanban/")
    card = page.locator(".kanban-card:has-text('A-101')")
    target = page.locator(".kanban-cards[data-value=confirmed]")
    box, goal = card.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(goal["x"] + 40, goal["y"] + 30, steps=12)
    page.mouse.up()
    page.wait_for_timeout(800)
    booth = registry.get("booth").model.objects.get(name="A-101")
    assert booth.status == "confirmed"
    page.reload()
    assert page.locator(".kanban-cards[data-value=confirmed] >> text=A-101").count() == 1
    shoot(page, "custom-object-board")
