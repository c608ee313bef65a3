"""One backend's run of `guanxi bench sales`: ensure the accounts (bench/data.py) and the sales on
top of them (bench/sales_data.py), start the real server, time each operation through the HTTP API,
time hand-written SQL doing the same work, print one JSON object per operation.

Run by bench.run in a child process whose GUANXI_DATABASE_URL points at the bench database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import uuid
from collections.abc import Callable
from typing import Any

from .customers import Client, _db_id, _db_time, _free_port, _percentile, _start_server, _time, log, representative

OPS = ["kanban", "forecast_quarter", "get_360_orders", "create_order"]


def _raw_sql(vendor: str) -> dict[str, str]:
    from guanxi.billing.models import OrderLine, SalesOrder
    from guanxi.customers.models import Account
    from guanxi.pipeline.models import Opportunity, OpportunityRollup

    o, so, ol, a = (
        Opportunity._meta.db_table,
        SalesOrder._meta.db_table,
        OrderLine._meta.db_table,
        Account._meta.db_table,
    )
    r = OpportunityRollup._meta.db_table
    agg, obj = ("json_agg", "json_build_object") if vendor == "postgresql" else ("json_group_array", "json_object")
    return {
        # One pipeline's board: each stage's 50 latest cards, then every column's count and total.
        "kanban_cards": f"SELECT id, name, account_id, amount_company, expected_close, owner_id, version FROM {o} "
        "WHERE deleted_at IS NULL AND pipeline_id = %s AND stage_id = %s ORDER BY updated_at DESC, id LIMIT 50",
        # The same way the application answers an administrator: from the running totals.
        "kanban_totals": f"SELECT stage_id, sum(n), sum(amount) FROM {r} WHERE pipeline_id = %s GROUP BY stage_id",
        "forecast_open": f"SELECT sum(n), sum(amount), sum(weighted) FROM {r} "
        "WHERE outcome = 'open' AND month BETWEEN %s AND %s",
        "forecast_won": f"SELECT sum(n), sum(amount) FROM {r} WHERE outcome = 'won' AND month BETWEEN %s AND %s",
        "forecast_owner": f"SELECT owner_id, sum(weighted) FROM {r} "
        "WHERE outcome = 'open' AND month BETWEEN %s AND %s GROUP BY owner_id",
        "get_360_orders": f"SELECT a.*, (SELECT {agg}({obj}('id', x.id, 'number', x.number, 'date', x.order_date, "
        f"'total', x.total)) FROM (SELECT id, number, order_date, total FROM {so} WHERE account_id = a.id "
        f"AND deleted_at IS NULL ORDER BY order_date DESC LIMIT 10) x), "
        f"(SELECT count(*) FROM {so} WHERE account_id = a.id AND deleted_at IS NULL), "
        f"(SELECT sum(total_company) FROM {so} WHERE account_id = a.id AND deleted_at IS NULL) "
        f"FROM {a} a WHERE a.id = %s",
        "create_order": f"INSERT INTO {so} (id, number, account_id, status, order_date, currency_id, subtotal, "
        "discount_amount, tax_amount, total, total_company, max_discount, approved_discount, discount_to_approve, "
        "notes, customer_reference, search_text, "
        "custom, created_at, updated_at, created_source, updated_source, version, owner_id, department_id, "
        "created_by_id, updated_by_id) VALUES (%s, %s, %s, 'confirmed', %s, 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, '', '', '', "
        "'{}', %s, %s, 'api', 'api', 1, %s, %s, %s, %s)",
        "create_line": f"INSERT INTO {ol} (order_id, product_id, description, quantity, unit_price, discount, "
        "tax_rate, net, tax, total, sort) VALUES (%s, %s, '', 2, 100, 0, 13, 200, 26, 226, %s)",
    }


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

    from . import data, sales_data

    backend = connection.vendor
    log(f"{backend}: migrating")
    call_command("migrate", interactive=False, verbosity=0)
    ensure_reference_data()
    create_demo_users()
    if data.ensure(args.scale):
        log(f"{backend}: generated {args.scale:,} accounts")
    if sales_data.ensure(args.scale):
        log(f"{backend}: generated the sales of {args.scale:,} accounts")
    else:
        log(f"{backend}: using the sales of {args.scale:,} accounts already there")
    roles = ["administrator", "representative"] if args.role == "both" else [args.role]
    users = {"administrator": User.objects.get(username="admin")}
    if "representative" in roles:
        users["representative"] = representative()
    plans = {}
    for role in roles:
        user = users[role]
        _token_row, token = create_token(user=user, name="bench", actor=SYSTEM, rate_limit=100_000)
        dept = user.department_id if role == "representative" else None
        plans[role] = (user, token, sales_data.sample_inputs(random.Random(7), args.n, dept))
    connection.close()

    port = _free_port()
    server = _start_server(port)
    try:
        for role in roles:
            user, token, inputs = plans[role]
            _run_role(args, backend, role, user, token, inputs, port)
        from django.db.models import Q

        from guanxi.billing.models import SalesOrder

        # Leave the data as generated: the orders made here go, so reruns measure the same thing.
        SalesOrder.all_objects.filter(Q(created_source="api") | Q(number__startswith="RAW-")).delete()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _run_role(
    args: argparse.Namespace, backend: str, role: str, user: Any, token: str, inputs: dict[str, Any], port: int
) -> list[dict[str, Any]]:
    import datetime

    from django.db import connection
    from django.utils import timezone

    from guanxi.core.dates import quarter_bounds
    from guanxi.pipeline.models import Stage

    sql = _raw_sql(backend)
    api = Client(port, {"Authorization": f"Bearer {token}", "Accept": "application/json"})
    pipeline = inputs["pipeline"]
    stages = list(Stage.objects.filter(pipeline_id=pipeline).order_by("sort").values_list("pk", flat=True))
    today = timezone.localdate()
    quarters = [quarter_bounds(today), quarter_bounds(today + datetime.timedelta(days=92))]
    rng = random.Random(3)
    now = timezone.now()

    def pick(seq: list[Any], k: int) -> Any:
        return seq[k % len(seq)]

    def quarter_name(k: int) -> str:
        start = pick(quarters, k)[0]
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"

    def order_body(k: int) -> dict[str, Any]:
        lines = [
            {"product": rng.choice(inputs["products"]), "quantity": str(rng.choice([1, 2, 5])), "discount": "5"}
            for _ in range(10)
        ]
        return {"record": {"account": pick(inputs["accounts"], k), "customer_reference": f"PO-{k}"}, "lines": lines}

    def raw_board(cur: Any, k: int) -> Any:
        for stage in stages:
            cur.execute(sql["kanban_cards"], [pipeline, stage])
            cur.fetchall()
        cur.execute(sql["kanban_totals"], [pipeline])
        return cur.fetchall()

    def raw_forecast(cur: Any, k: int) -> Any:
        start, end = pick(quarters, k)
        for name in ("forecast_open", "forecast_won", "forecast_owner"):
            cur.execute(sql[name], [start, end])
            cur.fetchall()

    def raw_order(cur: Any, k: int) -> Any:
        order_id = uuid.uuid4()
        at = _db_time(now, backend)
        account = _db_id(pick(inputs["accounts"], k), backend)
        number = f"RAW-{k}-{order_id.hex[:8]}"
        people = [user.pk, user.department_id, user.pk, user.pk]
        cur.execute(sql["create_order"], [_db_id(str(order_id), backend), number, account, today, at, at, *people])
        cur.executemany(
            sql["create_line"],
            [[_db_id(str(order_id), backend), _db_id(rng.choice(inputs["products"]), backend), i] for i in range(10)],
        )

    ops: dict[str, tuple[Callable[[int], Any], Callable[[Any, int], Any]]] = {
        "kanban": (lambda k: api.request("GET", f"/api/v1/opportunities/board?pipeline={pipeline}"), raw_board),
        "forecast_quarter": (
            lambda k: api.request("GET", f"/api/v1/sales/forecast?quarter={quarter_name(k)}"),
            raw_forecast,
        ),
        "get_360_orders": (
            lambda k: api.request("GET", f"/api/v1/accounts/{pick(inputs['accounts'], k)}/360"),
            lambda cur, k: (
                cur.execute(sql["get_360_orders"], [_db_id(pick(inputs["accounts"], k), backend)]),
                cur.fetchall(),
            ),
        ),
        "create_order": (lambda k: api.request("POST", "/api/v1/sales/orders/with-lines", order_body(k)), raw_order),
    }
    results = []
    for op in args.ops or OPS:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sales")
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--n", type=int, default=200, help="timed requests per operation")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--ops", nargs="*", choices=OPS)
    parser.add_argument("--role", choices=["administrator", "representative", "both"], default="administrator")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
