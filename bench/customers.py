"""One backend's run of `guanxi bench customers`: ensure the data, start the real server, time each
operation through the HTTP API (and the HTML list page), time the hand-written SQL doing the same
work, print one JSON object per operation.

Run by bench.run in a child process whose GUANXI_DATABASE_URL points at the bench database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPS = ["list", "filter", "search_zh", "search_latin", "phone_lookup", "get_360", "create", "update", "list_page"]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """A keep-alive HTTP/1.1 client: what is timed is the server, not connection set-up."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port = port
        self.headers = headers
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {**self.headers, **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=all_headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path} → {response.status}: {payload[:300]!r}")
        return response, payload


def _session_cookie(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    r = conn.getresponse()
    html = r.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", r.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert csrf_cookie and token, "no CSRF token on the login page"
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1), "next": "/app/"}
    )
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie.group(1)}"},
    )
    r = conn.getresponse()
    r.read()
    session = re.search(r"sessionid=([^;]+)", r.getheader("Set-Cookie") or "")
    assert r.status == 302 and session, f"sign-in failed ({r.status})"
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie.group(1)}"


def _start_server(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--port", str(port)], cwd=ROOT, env=os.environ.copy()
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the server exited at start") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start within 60 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _time(fn: Callable[[int], Any], n: int, warmup: int) -> list[float]:
    for i in range(warmup):
        fn(i)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(warmup + i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


class Inputs:
    """Realistic arguments for each operation, sampled from the data."""

    def __init__(self, rng: random.Random, size: int, scale: int, department_id: int | None = None) -> None:
        from django.db import connection

        from guanxi.customers.models import Account, ContactPoint, Region

        table = Account._meta.db_table
        percent = min(100.0, 100.0 * size * 20 / max(scale, 1))
        sample = f"TABLESAMPLE SYSTEM ({percent:.4f})" if connection.vendor == "postgresql" else ""
        order = "" if connection.vendor == "postgresql" else "ORDER BY random()"
        # A representative's inputs come from their own department's records, which they may open and edit.
        where, params = ("AND department_id = %s", [department_id]) if department_id else ("", [])
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, name, region_id, version FROM {table} {sample} WHERE deleted_at IS NULL {where} "
                f"{order} LIMIT %s",
                [*params, size * 4],
            )
            rows = cur.fetchall()
        rng.shuffle(rows)
        self.account_ids = [str(uuid.UUID(str(r[0]))) for r in rows][:size]
        self.versions = {str(uuid.UUID(str(r[0]))): int(r[3]) for r in rows[:size]}
        zh = [r[1] for r in rows if re.search(r"[\u4e00-\u9fff]", r[1])]
        en = [r[1] for r in rows if not re.search(r"[\u4e00-\u9fff]", r[1])]
        # A Chinese substring from inside the name (not the city prefix), a Latin fragment of a word.
        self.zh_queries = [name[2:6] for name in zh][:size] or ["科技"]
        self.latin_queries = [name.split()[0][1:6].lower() for name in en if len(name.split()[0]) >= 4][:size] or [
            "info"
        ]
        regions = dict(Region.objects.values_list("pk", "parent_id"))
        # A sample without regions (a tiny smoke run) still filters by a real region id, never "None".
        provinces = [regions.get(r[2]) or r[2] for r in rows if r[2]] or list(regions)[:size] or [0]
        levels = ["a", "b", "c", "vip"]
        self.filters = [(p, rng.choice(levels)) for p in provinces][:size]
        account_uuids = [r[0] for r in rows[:size]]
        phones = list(
            ContactPoint.objects.filter(object_type="account", object_id__in=account_uuids, kind="phone").values_list(
                "normalized", flat=True
            )
        )
        import phonenumbers

        phones = [p for p in phones if phonenumbers.is_valid_number(phonenumbers.parse(p))]
        # Stored as "021 6234 5678": look it up as "+86 (21) 6234-5678".
        self.phones = [f"+86 ({p[3:-8]}) {p[-8:-4]}-{p[-4:]}" if p.startswith("+86") else p for p in phones] or [
            "+86-21-6234-5678"
        ]


def _raw_sql(vendor: str) -> dict[str, str]:
    from guanxi.customers.models import Account, AccountContact, Contact, ContactPoint, Interaction, Region

    a, c, cp = Account._meta.db_table, Contact._meta.db_table, ContactPoint._meta.db_table
    i, r, ac = Interaction._meta.db_table, Region._meta.db_table, AccountContact._meta.db_table
    cols = (
        "a.id, a.name, a.account_type, a.lifecycle_stage, a.level, a.region_id, a.primary_phone, a.owner_id, "
        "a.updated_at, a.version"
    )
    page = "ORDER BY a.updated_at DESC, a.id DESC LIMIT 50"
    if vendor == "postgresql":
        search = f"SELECT {cols} FROM {a} a WHERE a.deleted_at IS NULL AND a.search_text LIKE %s {page}"
        agg, obj = "json_agg", "json_build_object"
    else:
        search = (
            f"SELECT {cols} FROM {a} a WHERE a.deleted_at IS NULL AND a.rowid IN "
            f"(SELECT rowid FROM {a}_fts WHERE {a}_fts MATCH %s) {page}"
        )
        agg, obj = "json_group_array", "json_object"
    return {
        "list": f"SELECT {cols} FROM {a} a WHERE a.deleted_at IS NULL {page}",
        "filter": f"SELECT {cols} FROM {a} a WHERE a.deleted_at IS NULL AND a.level = %s AND a.region_id IN "
        f"(SELECT id FROM {r} WHERE id = %s OR parent_id = %s) {page}",
        "search": search,
        "phone_lookup": f"SELECT {cols} FROM {a} a WHERE a.deleted_at IS NULL AND a.id IN "
        f"(SELECT object_id FROM {cp} WHERE normalized = %s AND object_type = 'account') {page}",
        "get_360": f"SELECT a.*, "
        f"(SELECT {agg}({obj}('id', x.id, 'name', x.name, 'role', l.role, 'phone', x.primary_phone)) FROM {ac} l "
        f"JOIN {c} x ON x.id = l.contact_id WHERE l.account_id = a.id AND x.deleted_at IS NULL), "
        f"(SELECT {agg}({obj}('kind', p.kind, 'value', p.value)) FROM {cp} p "
        f"WHERE p.object_type = 'account' AND p.object_id = a.id), "
        f"(SELECT {agg}({obj}('id', t.id, 'subject', t.subject, 'at', t.occurred_at)) FROM "
        f"(SELECT id, subject, occurred_at FROM {i} WHERE account_id = a.id AND deleted_at IS NULL "
        f"ORDER BY occurred_at DESC LIMIT 20) t) "
        f"FROM {a} a WHERE a.id = %s",
        "create": f"INSERT INTO {a} (id, name, kind, account_type, lifecycle_stage, lifecycle_changed_at, level, "
        f"industry, source, credit_rating, preferred_channel, website, description, primary_phone, primary_email, "
        f"search_text, custom, created_at, updated_at, created_source, updated_source, version, owner_id, "
        f"department_id, created_by_id, updated_by_id) VALUES (%s, %s, 'organisation', 'prospect', 'lead', %s, "
        f"'b', '', '', '', '', '', '', '', '', %s, '{{}}', %s, %s, 'api', 'api', 1, %s, %s, %s, %s)",
        "update": f"UPDATE {a} SET website = %s, version = version + 1, updated_at = %s WHERE id = %s",
    }


REP_USERNAME = "bench.rep"


def representative() -> Any:
    """The issue's representative: department scope over accounts (view and edit), create anywhere,
    no delete, and three criteria-based sharing rules that widen what they see. Idempotent."""
    from guanxi.access.models import Department, Role, RolePermission, SharingRule, User
    from guanxi.access.services import create_user, save_sharing_rule
    from guanxi.core.actor import SYSTEM
    from guanxi.customers.models import Region
    from guanxi.demo import DEMO_PASSWORD

    role, created = Role.objects.get_or_create(
        key="bench_representative", defaults={"name": "Representative (benchmark)", "name_zh_hans": "销售代表（基准）"}
    )
    if created:
        for op, lvl in (("view", 20), ("create", 50), ("edit", 20), ("export", 20)):
            RolePermission.objects.create(role=role, object_type="*", operation=op, scope=lvl)
    east = Department.objects.get(name="华东销售组")
    user = User.objects.filter(username=REP_USERNAME).first()
    if user is None:
        user = create_user(
            username=REP_USERNAME, password=DEMO_PASSWORD, actor=SYSTEM, department=east, roles=[role], validate=False
        )
    provinces = list(Region.objects.filter(code__in=["CN-440000", "CN-350000"]).values_list("pk", flat=True))
    rules = [
        ("华南客户只读（基准）", {"region": ",".join(map(str, provinces)) or "0"}, east, None),
        ("VIP 客户只读（基准）", {"lifecycle_stage": "customer", "level": "vip"}, east, None),
        ("金融行业客户只读（基准）", {"industry": "finance"}, None, role),
    ]
    for name, criteria, dept, by_role in rules:
        if not SharingRule.objects.filter(name=name).exists():
            save_sharing_rule(
                name=name, object_type="account", criteria=criteria, department=dept, role=by_role, actor=SYSTEM
            )
    return user


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from guanxi.access.models import User
    from guanxi.access.services import create_token
    from guanxi.core.actor import SYSTEM
    from guanxi.demo import create_demo_users, ensure_reference_data

    from . import data

    backend = connection.vendor
    log(f"{backend}: migrating")
    call_command("migrate", interactive=False, verbosity=0)
    ensure_reference_data()
    create_demo_users()
    if data.ensure(args.scale):
        log(f"{backend}: generated {args.scale:,} accounts")
    else:
        log(f"{backend}: using the {args.scale:,} accounts already there")
    roles = ["administrator", "representative"] if args.role == "both" else [args.role]
    users = {"administrator": User.objects.get(username="admin")}
    if "representative" in roles:
        users["representative"] = representative()
    sql = _raw_sql(backend)
    plans = {}
    for role in roles:
        user = users[role]
        _token_row, token = create_token(user=user, name="bench", actor=SYSTEM, rate_limit=100_000)
        dept = user.department_id if role == "representative" else None
        plans[role] = (user, token, Inputs(random.Random(7), args.n, args.scale, dept))
    connection.close()

    port = _free_port()
    server = _start_server(port)
    results = []
    try:
        for role in roles:
            user, token, inputs = plans[role]
            # The versions as they are now: an earlier role's updates may have touched the same accounts.
            inputs.versions = _current_versions(inputs.versions)
            results += _run_role(args, backend, role, user, token, inputs, sql, port)
        # Leave the data as it was generated: the created rows go, so reruns measure the same thing.
        from django.db.models import Q

        from guanxi.customers.models import Account

        Account.all_objects.filter(Q(created_source="api") | Q(name__startswith="raw ")).delete()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _run_role(
    args: argparse.Namespace,
    backend: str,
    role: str,
    user: Any,
    token: str,
    inputs: Inputs,
    sql: dict[str, str],
    port: int,
) -> list[dict[str, Any]]:
    from django.db import connection
    from django.utils import timezone

    from guanxi.core.ids import uuid7
    from guanxi.demo import DEMO_PASSWORD

    results = []
    api = Client(port, {"Authorization": f"Bearer {token}", "Accept": "application/json"})
    page = Client(port, {"Cookie": _session_cookie(port, user.username, DEMO_PASSWORD)})
    created: list[str] = []

    def pick(seq: list[Any], k: int) -> Any:
        return seq[k % len(seq)]

    def search_param(q: str) -> str:
        if backend == "sqlite":
            return '"' + q.lower().replace('"', '""') + '"'
        return f"%{q.lower()}%"

    def fetch(cur: Any) -> Any:
        return cur.fetchall()

    name_counter = iter(range(10**9))
    now = timezone.now()
    owner = user.pk  # the owner of the raw-SQL inserts

    ops: dict[str, tuple[Callable[[int], Any], Callable[[Any, int], Any]]] = {
        "list": (
            lambda k: api.request("GET", "/api/v1/accounts/?limit=50"),
            lambda cur, k: (cur.execute(sql["list"]), fetch(cur)),
        ),
        "filter": (
            lambda k: api.request(
                "GET",
                f"/api/v1/accounts/?limit=50&region={pick(inputs.filters, k)[0]}&level={pick(inputs.filters, k)[1]}",
            ),
            lambda cur, k: (
                cur.execute(
                    sql["filter"],
                    [pick(inputs.filters, k)[1], pick(inputs.filters, k)[0], pick(inputs.filters, k)[0]],
                ),
                fetch(cur),
            ),
        ),
        "search_zh": (
            lambda k: api.request(
                "GET", "/api/v1/accounts/?limit=50&q=" + urllib.parse.quote(pick(inputs.zh_queries, k))
            ),
            lambda cur, k: (cur.execute(sql["search"], [search_param(pick(inputs.zh_queries, k))]), fetch(cur)),
        ),
        "search_latin": (
            lambda k: api.request(
                "GET", "/api/v1/accounts/?limit=50&q=" + urllib.parse.quote(pick(inputs.latin_queries, k))
            ),
            lambda cur, k: (cur.execute(sql["search"], [search_param(pick(inputs.latin_queries, k))]), fetch(cur)),
        ),
        "phone_lookup": (
            lambda k: api.request("GET", "/api/v1/accounts/?phone=" + urllib.parse.quote(pick(inputs.phones, k))),
            lambda cur, k: (
                cur.execute(sql["phone_lookup"], ["+86" + re.sub(r"\D", "", pick(inputs.phones, k))[2:]]),
                fetch(cur),
            ),
        ),
        "get_360": (
            lambda k: api.request("GET", f"/api/v1/accounts/{pick(inputs.account_ids, k)}/360"),
            lambda cur, k: (
                cur.execute(sql["get_360"], [_db_id(pick(inputs.account_ids, k), backend)]),
                fetch(cur),
            ),
        ),
        "create": (
            lambda k: created.append(
                json.loads(
                    api.request(
                        "POST",
                        "/api/v1/accounts/",
                        {"name": f"基准测试客户 Bench {next(name_counter)}", "level": "b", "region": None},
                    )[1]
                )["id"]
            ),
            lambda cur, k: cur.execute(
                sql["create"],
                [
                    _db_id(str(uuid7()), backend),
                    f"raw {k}",
                    _db_time(now, backend),
                    f"raw {k}",
                    _db_time(now, backend),
                    _db_time(now, backend),
                    owner,
                    None,
                    owner,
                    owner,
                ],
            ),
        ),
        "update": (
            lambda k: _patch(api, inputs.versions, pick(inputs.account_ids, k), k),
            lambda cur, k: cur.execute(
                sql["update"],
                [f"https://u{k}.example.cn", _db_time(now, backend), _db_id(pick(inputs.account_ids, k), backend)],
            ),
        ),
        "list_page": (
            lambda k: page.request("GET", "/app/account/"),
            lambda cur, k: (cur.execute(sql["list"]), fetch(cur)),
        ),
    }
    wanted = args.ops or OPS
    for op in wanted:
        http_fn, sql_fn = ops[op]
        timings = _time(http_fn, args.n, args.warmup)
        with connection.cursor() as cur:

            def raw_sql(k: int, fn: Callable[[Any, int], Any] = sql_fn, cur: Any = cur) -> Any:
                return fn(cur, k)

            raw = _time(raw_sql, args.n, args.warmup)
        result = {
            "op": op,
            "backend": backend,
            "n": args.n,
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(_percentile(timings, 0.95), 2),
            "raw_sql_p50_ms": round(statistics.median(raw), 2),
            "scale": args.scale,
            "role": role,
        }
        results.append(result)
        print(json.dumps(result), flush=True)
    return results


def _db_id(value: str, backend: str) -> Any:
    return value.replace("-", "") if backend == "sqlite" else uuid.UUID(value)


def _db_time(value: Any, backend: str) -> Any:
    if backend == "sqlite":
        from django.db import connection

        return connection.ops.adapt_datetimefield_value(value)
    return value


def _current_versions(versions: dict[str, int]) -> dict[str, int]:
    from guanxi.customers.models import Account

    rows = Account.all_objects.filter(pk__in=list(versions)).values_list("pk", "version")
    return {str(pk): int(version) for pk, version in rows}


def _patch(api: Client, versions: dict[str, int], account_id: str, k: int) -> None:
    _r, body = api.request(
        "PATCH",
        f"/api/v1/accounts/{account_id}",
        {"website": f"https://u{k}.example.cn"},
        {"If-Match": f'"{versions[account_id]}"'},
    )
    versions[account_id] = json.loads(body)["version"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.customers")
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--n", type=int, default=200, help="timed requests per operation")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--ops", nargs="*", choices=OPS)
    parser.add_argument("--role", choices=["administrator", "representative", "both"], default="administrator")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
