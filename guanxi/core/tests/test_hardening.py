"""Hardening: security headers, no inline script, production checks, errors that leak nothing,
exports that cannot run formulas, attachments served as downloads."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from guanxi.access.services import create_token
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import api_name, make

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_pages_send_a_strict_content_security_policy(org: Any) -> None:
    c = Client()
    c.force_login(org.rep)
    r = c.get("/app/account/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert r["X-Content-Type-Options"] == "nosniff" and r["X-Frame-Options"] == "DENY"
    assert "camera=()" in r["Permissions-Policy"]


def test_no_template_has_inline_script_or_event_handlers() -> None:
    offenders = []
    for path in (ROOT / "guanxi" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if (
            re.search(r"\son[a-z]+=\"", text)
            or "javascript:" in text
            or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        ):
            offenders.append(path.name)
    assert offenders == [], offenders


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    # Only what production has: not the test run's settings (nor the async switch the browser test sets).
    dropped = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_") and k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="guanxi.settings.prod",
        GUANXI_SECRET_KEY="x" * 20 + "-a-long-random-production-secret-9f8e7d6c5b4a",
        GUANXI_ALLOWED_HOSTS="crm.example.com",
        GUANXI_DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_errors_do_not_leak_internals(org: Any, api: Any, settings: Any) -> None:
    settings.DEBUG = False
    r = api(org.rep).get("/api/v1/accounts/", {"sort": "'; DROP TABLE x;--"})
    body = r.content.decode()
    assert r.status_code == 422 and "Traceback" not in body and "SELECT" not in body
    r = Client().get("/app/no-such-thing/")
    assert r.status_code in (302, 404)
    c = Client()
    c.force_login(org.rep)
    r = c.get("/app/no-such-thing/")
    assert r.status_code == 404 and "Traceback" not in r.content.decode()


def test_export_neutralises_formulas(org: Any) -> None:
    from guanxi.core.testing import make
    from guanxi.web.exports import safe_cell

    for bad in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert safe_cell(bad).startswith("'")
    make("account", org.rep, name="=cmd|' /C calc'!A0")
    c = Client()
    c.force_login(org.rep)
    text = b"".join(c.get("/app/account/export.csv").streaming_content).decode("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text and ",=cmd" not in text


def test_attachments_are_downloads_with_clean_names_and_a_size_limit(org: Any, settings: Any, tmp_path: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guanxi.core.models import Attachment
    from guanxi.core.testing import make

    settings.MEDIA_ROOT = str(tmp_path)
    acct = make("account", org.rep)
    c = Client()
    c.force_login(org.rep)
    upload = SimpleUploadedFile("../../etc/<script>报价单.html", b"<script>alert(1)</script>", content_type="text/html")
    c.post(f"/app/account/{acct.pk}/attachments/", {"file": upload})
    att = Attachment.objects.get()
    assert "/" not in att.name and "<" not in att.name and att.name.endswith("报价单.html")
    r = c.get(f"/app/attachments/{att.pk}/")
    assert r["Content-Disposition"].startswith("attachment") and r["Content-Type"] == "application/octet-stream"
    assert r["X-Content-Type-Options"] == "nosniff"
    settings.GUANXI_MAX_ATTACHMENT_BYTES = 10
    c.post(f"/app/account/{acct.pk}/attachments/", {"file": SimpleUploadedFile("big.txt", b"x" * 11)})
    assert Attachment.objects.count() == 1


def test_api_writes_with_a_session_need_the_csrf_token(org: Any) -> None:
    """Another site cannot make a signed-in browser write through the API: a session's unsafe
    request needs this site's CSRF token; a bearer token needs none."""
    c = Client(enforce_csrf_checks=True)
    c.force_login(org.rep)
    evil = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    r = c.post("/api/v1/leads/", data='{"name": "王强"}', content_type="text/plain", headers=evil)
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    lead = make("lead", org.rep)
    assert c.delete(f"/api/v1/leads/{lead.pk}", headers={"Origin": "https://evil.example"}).status_code == 403
    assert c.get(f"/api/v1/leads/{lead.pk}").status_code == 200  # reading needs no token
    # The page's own token, from this site, is accepted.
    c.get("/app/lead/")
    token = c.cookies["csrftoken"].value
    r = c.post("/api/v1/leads/", {"name": "王强"}, content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 201
    r = c.delete(f"/api/v1/leads/{lead.pk}", headers={"X-CSRFToken": token})
    assert r.status_code == 204
    bearer = create_token(user=org.rep, name="script", actor=SYSTEM)[1]
    r = Client(enforce_csrf_checks=True).post(
        "/api/v1/leads/",
        {"name": "李雷"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert r.status_code == 201


def test_odd_input_is_a_clear_4xx_never_a_server_error(org: Any, api: Any, settings: Any) -> None:
    """Each of these once answered 500."""
    from guanxi.studio.testing import CUSTOM_KEY, define_booth

    settings.DEBUG = False
    rest = api(org.rep)
    web = Client(raise_request_exception=False)
    web.force_login(org.rep)
    # A body over the limit is 413, on the API and on pages.
    big = "x" * (3 * 1024 * 1024)
    r = rest.post("/api/v1/leads/", {"name": big})
    assert r.status_code == 413 and r["Content-Type"] == "application/problem+json"
    assert web.post("/app/lead/new/", {"name": big}).status_code == 413
    # JSON nested deeper than any record could be, on the run-time routes of custom objects too.
    define_booth()
    deep = "[" * 100_000 + "]" * 100_000
    for path in (f"/api/v1/{api_name(CUSTOM_KEY)}/", "/api/v1/leads/"):
        r = rest.client.post(path, deep, content_type="application/json", headers=rest._headers(None))
        assert r.status_code in (400, 422), (path, r.status_code)
    nested: Any = "x"
    for _ in range(300):
        nested = {"a": [nested]}
    for path in (f"/api/v1/{api_name(CUSTOM_KEY)}/", "/api/v1/leads/"):
        r = rest.post(path, {"name": "深", "custom": {"hall": nested}})
        assert r.status_code in (400, 403, 422), (path, r.status_code)
    # A date and time that cannot be stored once converted to UTC.
    account = make("account", org.rep)
    r = rest.post(
        "/api/v1/activities/",
        {"subject": "拜访", "kind": "visit", "account": str(account.pk), "starts_at": "0001-01-01T00:00:00+08:00"},
    )
    assert r.status_code == 422 and "starts_at" in r.json()["errors"]
    r = rest.get("/api/v1/activities/", {"cursor": "W3sidCI6ICIwMDAxLTAxLTAxVDAwOjAwOjAwKzA4OjAwIn0sICJ4Il0"})
    assert r.status_code == 422
    # Dates and years at the edge of the calendar.
    for path in ("/app/calendar/?date=9999-12-31", "/app/calendar/?date=0001-01-01&view=week"):
        assert web.get(path).status_code == 200, path
    assert web.get("/app/sales/ledger/?year=99999").status_code == 200
    assert web.get("/app/sales/targets/?on=9999-12-31&period=year").status_code == 200
    # Path numbers too large for any id.
    huge = 2**70
    assert web.post(f"/app/account/{account.pk}/tags/{huge}/remove/").status_code == 404
    assert web.get(f"/app/approvals/{huge}/").status_code == 404
    assert rest.get(f"/api/v1/approvals/{huge}").status_code in (404, 422)
    assert web.post(f"/app/account/{account.pk}/points/{huge}/delete/").status_code == 404
    # A kanban move with a version that is not a number.
    deal = make("opportunity", org.rep)
    assert web.post(f"/app/opportunity/{deal.pk}/move/", {"value": deal.stage_id, "version": "abc"}).status_code == 400


def test_a_value_held_by_a_record_in_the_recycle_bin_is_a_field_error(org: Any, api: Any) -> None:
    from guanxi.core import registry
    from guanxi.core.actor import SYSTEM

    admin = api(org.admin)
    product = make("product", org.admin, code="GX-0014")
    registry.get("product").service.delete(product, actor=SYSTEM)
    r = admin.post("/api/v1/products/", {"name": "数据库一体机", "code": "GX-0014", "list_price": "128000"})
    assert r.status_code == 422 and "recycle bin" in r.json()["errors"]["code"][0]
    quote = make("quote", org.rep, number="QT-2026-000123")
    registry.get("quote").service.delete(quote, actor=SYSTEM)
    account = make("account", org.rep)
    r = api(org.rep).post("/api/v1/quotes/", {"account": str(account.pk), "number": "QT-2026-000123"})
    assert r.status_code == 422 and "recycle bin" in str(r.json()["errors"])
    # A work log is one per person and day among live logs: restoring a deleted one for a day that
    # has a new log says so and changes nothing.
    day = datetime.date(2026, 11, 2)
    old = make("work_log", org.rep, day=day)
    registry.get("work_log").service.delete(old, actor=SYSTEM)
    make("work_log", org.rep, day=day)
    r = admin.post(f"/api/v1/work_logs/{old.pk}/restore")
    assert r.status_code == 422, r.content
    assert type(old).all_objects.get(pk=old.pk).deleted_at is not None


def test_the_served_product_never_runs_in_debug(tmp_path: Path) -> None:
    """`guanxi serve` as installed shows no traceback or URL list to a browser; only a developer's
    GUANXI_DEBUG=1 (or --debug) does."""
    import http.client

    from guanxi.core.tests import servers

    port = servers.free_port()
    env = servers.server_env(f"sqlite:///{tmp_path}/serve.sqlite3")
    with servers.serving(servers.guanxi("serve", "--port", str(port)), env, tmp_path / "serve.log"):
        servers.wait_for(f"http://127.0.0.1:{port}/login/", timeout=120)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/no-such-page/")
        response = conn.getresponse()
        body = response.read().decode()
    assert response.status == 404
    assert "URLconf" not in body and "Traceback" not in body and "DEBUG = True" not in body
    debug = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"],
        env={**env, "DJANGO_SETTINGS_MODULE": "guanxi.settings.dev"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    assert debug == "False"
