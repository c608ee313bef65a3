"""Production behind an HTTPS reverse proxy, for real: `guanxi serve` with the production settings
behind Debian's nginx terminating TLS, set up as the README's production section says. A browser's
sign-in and a saved record go through; HSTS is sent and cookies are secure; the client's address
is the one nginx forwards; a client talking to the app directly cannot claim HTTPS or an address.

(Before: X-Forwarded-Proto was never believed, so behind the proxy every page redirected to itself,
with the redirect off a sign-in from https://crm.example.com was refused by the CSRF check, and HSTS
was never sent — while `check --deploy` was clean.)"""

from __future__ import annotations

import http.client
import http.cookies
import os
import re
import shutil
import ssl
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from guanxi.core.tests import servers

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROXY_ADDRESS = "127.0.0.2"  # nginx connects to the app from here: the one trusted proxy
CLIENT_ADDRESS = "127.0.0.3"  # the "browser"
PASSWORD = "a-long-admin-password-for-the-proxy-test"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and os.environ.get("CI") != "true",
    reason="Debian's nginx is not installed (scripts/setup.sh --browser installs it)",
)

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{http};
        return 301 https://$host:{https}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{https} ssl;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        client_max_body_size 25m;
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_bind {proxy};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class Browser:
    """Just enough of a browser: cookies, the CSRF token, an Origin on every POST, one source address."""

    def __init__(self, port: int, context: ssl.SSLContext) -> None:
        self.port, self.context = port, context
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None) -> Any:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.context, source_address=(CLIENT_ADDRESS, 0), timeout=30
        )
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body.encode(), headers=sent)
        response = conn.getresponse()
        response.text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response

    def post_form(self, path: str, data: dict[str, str]) -> Any:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        return self.request("POST", path, urllib.parse.urlencode(data), headers)


def _certificate(tmp: Path) -> None:
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(tmp / "key.pem"),
            "-out",
            str(tmp / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )


def _logins(db_url: str) -> list[tuple[str, str]]:
    query = "SELECT kind, ip FROM access_loginevent ORDER BY id"
    if db_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(db_url) as conn:
            return [(k, str(ip)) for k, ip in conn.execute(query).fetchall()]
    import sqlite3

    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return [(k, str(ip)) for k, ip in conn.execute(query).fetchall()]


def test_sign_in_and_save_behind_nginx_with_tls(tmp_path: Path) -> None:
    _certificate(tmp_path)
    app, https, plain = servers.free_port(), servers.free_port(), servers.free_port()
    db_url = servers.database_url(tmp_path, "proxy")
    env = servers.server_env(
        db_url,
        DJANGO_SETTINGS_MODULE="guanxi.settings.prod",
        GUANXI_SECRET_KEY="a-long-random-production-secret-for-the-proxy-test-7f3a9c",
        GUANXI_ALLOWED_HOSTS="127.0.0.1",
        GUANXI_TRUSTED_PROXIES=PROXY_ADDRESS,
        GUANXI_VAR_DIR=str(tmp_path / "var"),
        GUANXI_ADMIN_PASSWORD=PASSWORD,
    )
    subprocess.run(servers.guanxi("createadmin", "admin"), env=env, check=True, cwd=servers.ROOT, capture_output=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = NGINX_CONF.format(tmp=tmp_path, http=plain, https=https, app=app, proxy=PROXY_ADDRESS, user=user)
    (tmp_path / "nginx.conf").write_text(conf)
    context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    with (
        servers.serving(servers.guanxi("serve", "--port", str(app)), env, tmp_path / "app.log"),
        servers.serving(
            [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
            env,
            tmp_path / "nginx.log",
        ),
    ):
        servers.wait_for(f"http://127.0.0.1:{app}/login/", timeout=120)
        servers.wait_for(f"https://127.0.0.1:{https}/login/", context=context)
        # Plain HTTP is sent to HTTPS by the proxy; through HTTPS the app serves, without a loop.
        conn = http.client.HTTPConnection("127.0.0.1", plain, timeout=10)
        conn.request("GET", "/login/")
        assert conn.getresponse().status == 301
        browser = Browser(https, context)
        page = browser.request("GET", "/login/")
        assert page.status == 200, page.text[:500]
        assert "max-age=31536000" in (page.getheader("Strict-Transport-Security") or "")
        assert all("Secure" in c for c in browser.set_cookie_headers if c.startswith("csrftoken"))
        # Sign in as a browser would (the Origin is the public https address).
        r = browser.post_form("/login/", {"username": "admin", "password": PASSWORD})
        assert r.status == 302 and r.getheader("Location") == "/app/", r.text[:800]
        assert any(c.startswith("sessionid") and "Secure" in c for c in browser.set_cookie_headers)
        assert browser.request("GET", "/app/").status == 200
        # Save a record through a page form, and one through the API with the session's token.
        form = browser.request("GET", "/app/lead/new/")
        assert form.status == 200
        r = browser.post_form("/app/lead/new/", {"name": "王强", "status": "new", "company": "宁波港联物流有限公司"})
        assert r.status == 302 and re.match(r"^/app/lead/[0-9a-f-]{36}/$", r.getheader("Location") or ""), r.text[:800]
        assert "宁波港联物流有限公司" in browser.request("GET", r.getheader("Location")).text
        api_headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": browser.cookies["csrftoken"],
            "Origin": f"https://127.0.0.1:{https}",
        }
        r = browser.request("POST", "/api/v1/leads/", '{"name": "李雷"}', api_headers)
        assert r.status == 201, r.text
        # The sign-in log has the browser's address, not the proxy's.
        assert ("success", CLIENT_ADDRESS) in _logins(db_url)
        assert not any(ip == PROXY_ADDRESS for _kind, ip in _logins(db_url))
        # Straight to the app, a client's own proxy headers count for nothing.
        conn = http.client.HTTPConnection("127.0.0.1", app, timeout=10)
        conn.request("GET", "/login/", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
        direct = conn.getresponse()
        assert direct.status == 301 and direct.getheader("Location", "").startswith("https://")
