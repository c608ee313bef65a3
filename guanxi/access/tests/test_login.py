"""The login level: cool-off without lock-out denial of service, the sign-in log, session
lifetime, per-role networks and hours, and the TOTP second factor."""

from __future__ import annotations

import base64
import datetime
import re
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanxi.access import login
from guanxi.access.models import LoginEvent, Role

pytestmark = pytest.mark.django_db
PASSWORD = "not-used-in-tests-123"


def _sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_totp_matches_the_rfc_6238_test_vectors() -> None:
    secret = base64.b32encode(b"12345678901234567890").decode()
    for t, expected in ((59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (2000000000, "69279037")):
        assert login.hotp(secret, t // 30, digits=8) == expected


def test_cool_off_after_failures_is_per_address_and_expires(org: Any) -> None:
    here = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        assert _sign_in(here, "rep", "wrong-password-xyz").status_code == 200
    r = _sign_in(here, "rep")  # the right password, but in the cool-off
    assert r.status_code == 200 and "Too many failed sign-ins" in r.content.decode()
    # Someone guessing from elsewhere cannot lock the user out of their own desk.
    desk = Client(REMOTE_ADDR="192.0.2.99")
    assert _sign_in(desk, "rep").status_code == 302
    kinds = list(LoginEvent.objects.filter(username="rep").values_list("kind", flat=True))
    assert kinds.count("failure") == 5 and "locked" in kinds and "success" in kinds
    # The cool-off ends by itself.
    LoginEvent.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(here, "rep").status_code == 302


def test_an_address_guessing_many_usernames_is_slowed_down(org: Any) -> None:
    spray = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(30):
        _sign_in(spray, f"nobody{i}", "wrong-password-xyz")
    r = _sign_in(spray, "manager")  # never signed in from here: a guess like the others
    assert "Too many failed sign-ins" in r.content.decode()
    assert _sign_in(spray, "manager", "another-guess-456").status_code == 200


def test_guessing_at_an_office_address_does_not_keep_its_staff_out(org: Any) -> None:
    """30 failures for invented names from the office's one address: colleagues known there (they
    signed in from it before, or this browser signed them in) still sign in with their password."""
    office = "203.0.113.40"
    desk = Client(REMOTE_ADDR=office)
    assert _sign_in(desk, "rep").status_code == 302  # the browser now knows rep
    yesterday = Client(REMOTE_ADDR=office)
    assert _sign_in(yesterday, "rep2").status_code == 302
    LoginEvent.objects.filter(username="rep2").update(at=timezone.now() - datetime.timedelta(days=1))
    attacker = Client(REMOTE_ADDR=office)
    for i in range(30):
        _sign_in(attacker, f"nobody{i}", "wrong-password-xyz")
    assert "Too many failed sign-ins" in _sign_in(attacker, "manager").content.decode()
    desk.post("/logout/")
    assert _sign_in(desk, "rep").status_code == 302  # device cookie
    assert _sign_in(Client(REMOTE_ADDR=office), "rep2").status_code == 302  # signed in from here before
    # A wrong password for a known user is still a failure, and counts towards their own cool-off.
    assert _sign_in(Client(REMOTE_ADDR=office), "rep2", "wrong-password-xyz").status_code == 200
    # A forged device cookie is no key.
    forged = Client(REMOTE_ADDR=office)
    forged.cookies[login.DEVICE_COOKIE] = "not-a-signed-value"
    assert "Too many failed sign-ins" in _sign_in(forged, "manager").content.decode()


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(org: Any, settings: Any) -> None:
    """Behind the proxy every request comes from its address: the client's is the one it forwards,
    and only a trusted proxy's word counts (a client's own X-Forwarded-For is dropped)."""
    settings.GUANXI_TRUSTED_PROXIES = ["10.9.0.0/24"]
    proxy = {"REMOTE_ADDR": "10.9.0.2"}
    _sign_in(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.23"), "rep")
    _sign_in(Client(**proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.24, 10.9.0.3"), "rep2")
    _sign_in(Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="10.1.1.1"), "manager")
    ips = dict(LoginEvent.objects.filter(kind="success").values_list("username", "ip"))
    assert ips == {"rep": "198.51.100.23", "rep2": "198.51.100.24", "manager": "192.0.2.50"}
    # One client's failures behind the proxy do not cool off another client behind it.
    for _ in range(5):
        _sign_in(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.30"), "agent", "wrong-password-xyz")
    assert _sign_in(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.31"), "agent").status_code == 302


def test_idle_and_absolute_session_limits(org: Any) -> None:
    c = Client()
    assert _sign_in(c, "rep").status_code == 302
    assert c.get("/app/").status_code == 200
    session = c.session
    session["gx_seen"] = time.time() - 31 * 60
    session.save()
    r = c.get("/app/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert LoginEvent.objects.filter(kind="timeout", username="rep").exists()
    assert _sign_in(c, "rep").status_code == 302
    session = c.session
    session["gx_started"] = time.time() - 13 * 3600
    session.save()
    assert c.get("/app/").status_code == 302


def test_role_requiring_two_factor_enrols_then_verifies_and_refuses_replay(org: Any) -> None:
    Role.objects.filter(key="sales_rep").update(require_2fa=True)
    c = Client()
    assert _sign_in(c, "rep").status_code == 302
    r = c.get("/app/account/")
    assert r.status_code == 302 and r["Location"] == "/app/settings/2fa/"
    page = c.get("/app/settings/2fa/").content.decode()
    assert "<svg" in page
    secret = c.session["gx_mfa_secret"]
    assert "not match" in c.post("/app/settings/2fa/", {"code": "000000"}).content.decode()
    r = c.post("/app/settings/2fa/", {"code": login.totp(secret, time.time() - 30)})
    assert r.status_code == 302
    done = c.get("/app/settings/2fa/").content.decode()
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", done)
    assert len(codes) == 10
    assert c.get("/app/account/").status_code == 200
    c.post("/logout/")

    # Next sign-in: password, then the code.
    c = Client()
    r = _sign_in(c, "rep")
    assert r.status_code == 302 and r["Location"] == "/login/verify/"
    assert c.get("/app/").status_code == 302  # not signed in yet
    assert "not valid" in c.post("/login/verify/", {"code": "123456"}).content.decode()
    code = login.totp(secret)
    assert c.post("/login/verify/", {"code": code}).status_code == 302
    assert c.get("/app/account/").status_code == 200
    # The same code again is a replay.
    c2 = Client()
    _sign_in(c2, "rep")
    assert "not valid" in c2.post("/login/verify/", {"code": code}).content.decode()
    # A recovery code works once.
    assert c2.post("/login/verify/", {"code": codes[0]}).status_code == 302
    c3 = Client()
    _sign_in(c3, "rep")
    assert "not valid" in c3.post("/login/verify/", {"code": codes[0]}).content.decode()
    assert LoginEvent.objects.filter(kind="mfa_failure", username="rep").count() >= 3


def test_allowed_networks_per_role(org: Any, api: Any) -> None:
    Role.objects.filter(key="sales_rep").update(allowed_networks="10.0.0.0/8\n2001:db8::/32")
    r = _sign_in(Client(REMOTE_ADDR="203.0.113.5"), "rep")
    assert r.status_code == 200 and "network" in r.content.decode()
    assert LoginEvent.objects.filter(kind="denied", username="rep").exists()
    assert _sign_in(Client(REMOTE_ADDR="10.20.30.40"), "rep").status_code == 302
    # The API token obeys the same rule.
    rest = api(org.rep)
    assert (
        rest.client.get(
            "/api/v1/accounts/", headers={"Authorization": f"Bearer {rest.token}"}, REMOTE_ADDR="203.0.113.5"
        ).status_code
        == 401
    )
    assert (
        rest.client.get(
            "/api/v1/accounts/", headers={"Authorization": f"Bearer {rest.token}"}, REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 200
    )


def test_outside_working_hours_read_only_or_no_access(org: Any, api: Any) -> None:
    now = timezone.localtime()
    start = (now + datetime.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    end = (now + datetime.timedelta(hours=3)).time().replace(second=0, microsecond=0)
    Role.objects.filter(key="sales_rep").update(hours_start=start, hours_end=end, outside_hours="read_only")
    c = Client()
    assert _sign_in(c, "rep").status_code == 302
    assert c.get("/app/account/").status_code == 200
    r = c.post("/app/account/new/", {"name": "夜间新增客户"})
    assert r.status_code == 403 and "working hours" in r.content.decode()
    rest = api(org.rep)
    assert rest.get("/api/v1/accounts/").status_code == 200
    assert rest.post("/api/v1/accounts/", {"name": "夜间新增客户"}).status_code == 403
    role = Role.objects.get(key="sales_rep")
    role.outside_hours = "deny"
    role.save()  # a saved role reaches every cached access profile at once
    assert c.get("/app/account/").status_code == 302  # signed out
    assert _sign_in(Client(), "rep").status_code == 200


def test_token_scopes_expiry_and_rate_limit(org: Any) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError

    from guanxi.access.services import create_token
    from guanxi.core.actor import SYSTEM
    from guanxi.core.testing import make

    acct = make("account", org.rep)
    lead = make("lead", org.rep)
    _t, plain = create_token(
        user=org.rep, name="reader", actor=SYSTEM, scopes={"*": "read", "lead": "none"}, rate_limit=5
    )
    c = Client()
    h = {"Authorization": f"Bearer {plain}"}
    assert c.get(f"/api/v1/accounts/{acct.pk}", headers=h).status_code == 200
    r = c.patch(
        f"/api/v1/accounts/{acct.pk}",
        {"website": "https://x.example"},
        content_type="application/json",
        headers={**h, "If-Match": '"1"'},
    )
    assert r.status_code == 403 and "may not change" in r.json()["detail"]
    assert c.get(f"/api/v1/leads/{lead.pk}", headers=h).status_code == 403
    # Five requests a minute: the sixth is told when to come back.
    assert c.get("/api/v1/accounts/", headers=h).status_code == 200
    assert c.get("/api/v1/accounts/", headers=h).status_code == 200
    r = c.get("/api/v1/accounts/", headers=h)
    assert r.status_code == 429 and 1 <= int(r["Retry-After"]) <= 61
    # A token never exceeds its user: write scope on a colleague's record is still 404.
    theirs = make("account", org.rep2)
    _t, full = create_token(user=org.rep, name="full", actor=SYSTEM, scopes={"*": "write"})
    r = c.patch(
        f"/api/v1/accounts/{theirs.pk}",
        {"website": "https://x.example"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {full}", "If-Match": '"1"'},
    )
    assert r.status_code == 404
    # Expired tokens are refused; tokens cannot be made to last for ever.
    token, old = create_token(user=org.rep, name="old", actor=SYSTEM)
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert c.get("/api/v1/accounts/", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    with pytest.raises(ValidationError):
        create_token(user=org.rep, name="forever", actor=SYSTEM, expires_at=timezone.now() + dt.timedelta(days=5000))
    assert token.digest != old and old not in str(token.__dict__)


def test_token_page_creates_a_scoped_token(org: Any) -> None:
    from guanxi.access.models import ApiToken

    c = Client()
    c.force_login(org.rep)
    r = c.post(
        "/app/settings/tokens/",
        {"name": "ERP sync", "days": "30", "rate_limit": "120", "scope:*": "read", "scope:lead": "write"},
    )
    assert r.status_code == 302
    token = ApiToken.objects.get(name="ERP sync")
    assert token.scopes == {"*": "read", "lead": "write"} and token.rate_limit == 120
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    shown = re.findall(r'<code class="token">(gx_[^<]+)</code>', c.get("/app/settings/").content.decode())
    assert len(shown) == 1 and token.digest == ApiToken.hash(shown[0])  # shown once, stored hashed
    assert shown[0] not in c.get("/app/settings/").content.decode()


def test_a_required_second_factor_covers_the_api_and_tokens(org: Any, api: Any) -> None:
    """Enrolment that a role requires is not skipped by going to the API with the same session,
    nor with an API token."""
    rest = api(org.agent)  # made before the rule: a token must not outlive it either
    Role.objects.filter(key="service_agent").update(require_2fa=True)
    c = Client()
    assert _sign_in(c, "agent").status_code == 302
    assert c.get("/app/").status_code == 302
    r = c.get("/api/v1/accounts/")
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    account = org.rep  # any record id will do: nothing may be read or written
    r = c.post("/api/v1/interactions/", {"subject": "x", "account": str(account.pk)}, content_type="application/json")
    assert r.status_code == 403
    assert c.get("/app/attachments/00000000-0000-0000-0000-000000000000/").status_code == 302
    r = rest.get("/api/v1/accounts/")
    assert r.status_code == 403 and "two-step" in r.json()["detail"]
    # Enrolled, the session and the token work again.
    secret = c.get("/app/settings/2fa/") and c.session["gx_mfa_secret"]
    assert c.post("/app/settings/2fa/", {"code": login.totp(secret)}).status_code == 302
    assert c.get("/api/v1/accounts/").status_code == 200
    assert rest.get("/api/v1/accounts/").status_code == 200
