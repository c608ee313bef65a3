"""The customer hub in a real headless Chromium (Debian's `chromium`, driven by Playwright) against
a live server: what a user does on a first day, in English and Chinese, on a desktop and a phone.

Full-page screenshots land in `test-artifacts/` for a human to look at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.customers.models import Account, Contact
from guanxi.studio.services import save_custom_field

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PASSWORD = "not-used-in-tests-123"

if not Path(CHROMIUM).exists():
    if os.environ.get("GUANXI_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"Chromium is required for the browser tests but {CHROMIUM} is missing")
    pytest.skip("Debian's chromium is not installed (scripts/setup.sh --browser)", allow_module_level=True)

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself
# are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/app/")


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.select_option(".lang-switch select", code)
    assert page.get_attribute("html", "lang") == code


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_first_day_with_the_customer_hub(page: Any, live_server: Any, org: Any) -> None:
    base = live_server.url
    save_custom_field(
        {
            "object_type": "account",
            "key": "credit_code",
            "label": "Unified credit code",
            "label_zh_hans": "统一社会信用代码",
            "label_zh_hant": "統一社會信用代碼",
            "field_type": "text",
        },
        actor=Actor(org.admin, Source.UI),
    )
    sign_in(page, base, "admin")

    # Create an account, custom field included.
    page.goto(f"{base}/app/account/new/")
    page.fill("#id_name", "上海明远精密机械有限公司")
    page.fill("#id_custom__credit_code", "91310115MA1K4XYZ2Q")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/app/account/*/")
    assert "上海明远精密机械有限公司" in page.locator("h1").inner_text()
    assert "91310115MA1K4XYZ2Q" in page.content()
    account = Account.objects.get(name="上海明远精密机械有限公司")
    assert account.custom == {"credit_code": "91310115MA1K4XYZ2Q"}

    # Add a contact from the account page, then give them a mobile number.
    page.click("text=+ Add contact")
    page.fill("#id_name", "王晓明")
    page.fill("#id_title", "采购经理")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/app/contact/*/")
    contact = Contact.objects.get(name="王晓明")
    assert contact.account_id == account.pk
    page.click("summary:has-text('Add phone, email or address')")
    page.select_option(".point-form select[name=kind]", "mobile")
    page.fill(".point-form input[name=value]", "138 0013 8000")
    page.click(".point-form button:has-text('Add')")
    page.wait_for_selector(".points li .value")
    assert "138" in page.locator(".points").inner_text()

    # The top bar's search finds them by part of the Chinese name and by the number in another format.
    for query in ("晓明", "+86-138-0013-8000"):
        box = page.locator(".global-search input[name=q]")
        box.fill(query)
        page.wait_for_selector("#search-pop :text('王晓明')")
    page.goto(f"{base}/app/search/?q=%2B86-138-0013-8000")
    assert page.locator("main :text('王晓明')").count() >= 1

    # The account page in three languages, and on a phone.
    page.goto(f"{base}/app/account/{account.pk}/")
    page.wait_for_selector("a:has-text('王晓明')")
    shoot(page, "account-en")
    switch_language(page, "zh-hans")
    assert "联系人" in page.locator("body").inner_text()
    assert "统一社会信用代码" in page.content()
    shoot(page, "account-zh-hans")
    switch_language(page, "zh-hant")
    assert "聯絡人" in page.locator("body").inner_text()
    shoot(page, "account-zh-hant")
    switch_language(page, "en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the phone layout scrolls sideways ({width}px wide)"
    shoot(page, "account-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Someone else saves while the form is open: the save is refused and the change is shown.
    page.goto(f"{base}/app/account/{account.pk}/edit/")
    account.refresh_from_db()
    registry.get("account").service.update(
        account,
        {"website": "https://mingyuan.example.cn"},
        expected_version=account.version,
        actor=Actor(org.admin, Source.UI),
    )
    page.fill("#id_website", "https://other.example.cn")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".card.conflict")
    assert "Changed by someone else" in page.locator(".card.conflict").inner_text()
    account.refresh_from_db()
    assert account.website == "https://mingyuan.example.cn"

    # Delete goes to the recycle bin, from where it comes back.
    page.goto(f"{base}/app/account/{account.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/delete/'] button")
    page.wait_for_url("**/app/account/")
    assert Account.objects.filter(pk=account.pk).count() == 0
    page.goto(f"{base}/app/trash/")
    row = page.locator("tr", has_text="上海明远精密机械有限公司")
    row.locator("button:has-text('Restore')").click()
    page.wait_for_load_state()
    assert Account.objects.filter(pk=account.pk).count() == 1
