"""Security in a real headless Chromium against a live server: a representative edits a customer,
the change waits for the manager, the manager approves it and it appears; a field hidden from the
representative is absent from the page, the list, the export and the API."""

from __future__ import annotations

from typing import Any

import pytest

from guanxi.access.models import Role
from guanxi.access.services import create_token, save_department, set_field_rule
from guanxi.automation.models import ApprovalRequest
from guanxi.automation.services import save_process
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import make
from guanxi.core.tests.test_browser import chromium, page, shoot, sign_in  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page: Any, base: str) -> None:  # noqa: F811 - `page` is the fixture's value
    page.click("form[action='/logout/'] button")
    page.wait_for_url(f"{base}/login/")


def test_representative_edit_waits_for_the_manager_and_a_hidden_field_stays_hidden(
    page: Any,  # noqa: F811
    live_server: Any,
    org: Any,
) -> None:
    base = live_server.url
    save_department(name=org.sales.name, manager=org.manager, actor=SYSTEM, instance=org.sales)
    save_process(
        {
            "name": "Customer changes by representatives",
            "object_type": "account",
            "kind": "change",
            "fields": ["name", "level"],
            "roles": [Role.objects.get(key="sales_rep")],
            "steps": [{"approver_kind": "manager", "mode": "any"}],
        },
        actor=SYSTEM,
    )
    acct = make("account", org.rep, name="杭州湾精细化工有限公司", credit_rating="aa")
    set_field_rule(
        role=Role.objects.get(key="sales_rep"),
        object_type="account",
        field="credit_rating",
        access="hidden",
        actor=SYSTEM,
    )
    label = str(acct._meta.get_field("credit_rating").verbose_name).capitalize()

    # The representative: the hidden field is nowhere — page, list (even when asked for), export, API.
    sign_in(page, base, "rep")
    page.goto(f"{base}/app/account/{acct.pk}/")
    assert "杭州湾精细化工有限公司" in page.locator("h1").inner_text()
    assert label not in page.locator("main").inner_text()
    page.goto(f"{base}/app/account/?columns=name,credit_rating,level")
    assert label not in page.locator("main").inner_text()
    export = page.request.get(f"{base}/app/account/export.csv?columns=name,credit_rating")
    assert export.ok and label not in export.text().splitlines()[0]
    _t, token = create_token(user=org.rep, name="browser", actor=SYSTEM)
    body = page.request.get(f"{base}/api/v1/accounts/{acct.pk}", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["name"] == "杭州湾精细化工有限公司" and "credit_rating" not in body

    # The representative renames the customer: it waits for approval, the page keeps the approved name.
    page.goto(f"{base}/app/account/{acct.pk}/edit/")
    page.fill("#id_name", "杭州湾精细化工集团有限公司")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/app/account/{acct.pk}/")
    assert (
        "waits for approval" in page.locator(".messages, main").first.inner_text()
        or "waits for approval" in page.content()
    )
    assert page.locator("h1").inner_text().endswith("杭州湾精细化工有限公司")
    assert "杭州湾精细化工集团有限公司" in page.locator(".approval").inner_text()  # the editor sees the proposal
    assert page.locator(f"a[href='/app/account/{acct.pk}/edit/']").count() == 0  # locked while pending
    shoot(page, "approval-rep-pending")
    sign_out(page, base)

    # The manager: the inbox shows it, the record page shows the change, one click approves it.
    sign_in(page, base, "manager")
    assert page.locator(".sidebar nav .badge").inner_text().strip() == "1"
    page.goto(f"{base}/app/approvals/")
    page.click("text=杭州湾精细化工有限公司")
    page.wait_for_url("**/app/approvals/*/")
    assert "杭州湾精细化工集团有限公司" in page.locator("table").inner_text()
    shoot(page, "approval-manager-request")
    page.fill("textarea[name=comment]", "同意，已核对营业执照。")
    page.click("button:has-text('Approve')")
    page.wait_for_load_state()
    assert ApprovalRequest.objects.get().status == "approved"
    page.goto(f"{base}/app/account/{acct.pk}/")
    assert page.locator("h1").inner_text().endswith("杭州湾精细化工集团有限公司")
    assert label in page.locator("main").inner_text()  # the manager may see the credit rating
    shoot(page, "approval-manager-approved")
    sign_out(page, base)

    # Back to the representative: the change is there, and they were told.
    sign_in(page, base, "rep")
    page.goto(f"{base}/app/account/{acct.pk}/")
    assert page.locator("h1").inner_text().endswith("杭州湾精细化工集团有限公司")
    page.goto(f"{base}/app/notifications/")
    assert "Approved" in page.locator("main").inner_text()
