"""Hardening: security headers, no inline script, production checks, errors that leak nothing,
exports that cannot run formulas, attachments served as downloads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

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
    r = api(org.rep).get("/api/v1/account/", {"sort": "'; DROP TABLE x;--"})
    body = r.content.decode()
    assert r.status_code == 422 and "Traceback" not in body and "SELECT" not in body
    r = Client().get("/app/no-such-thing/")
    assert r.status_code in (302, 404)
    c = Client()
    c.force_login(org.rep)
    r = c.get("/app/no-such-thing/")
    assert r.status_code == 404 and "Traceback" not in r.content.decode()


def test_export_neutralises_formulas(org: Any) -> None:
    from guanxi.core.exports import safe_cell
    from guanxi.core.testing import make

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
