"""Generate sales at benchmark scale on top of the customer hub's accounts (bench/data.py), the same
way: tuples in chunks, COPY on PostgreSQL with the secondary indexes dropped during the load, or
executemany on SQLite. Per 2 accounts 1 open opportunity (and a closed one per 5), per account 1
order of 10 lines: at 1M accounts, 500,000 open opportunities, 1M orders and 10M order lines.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .data import CHUNK, Table, _secondary_indexes, log

META_TABLE = "bench_sales_meta"
LINES_PER_ORDER = 10
CENT = Decimal("0.01")


def stored_scale() -> int | None:
    with connection.cursor() as cur:
        try:
            cur.execute(f"SELECT scale FROM {META_TABLE} WHERE complete = 1")
        except Exception:
            return None
        row = cur.fetchone()
    return int(row[0]) if row else None


def _mark(scale: int, complete: bool) -> None:
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (scale integer NOT NULL, complete integer NOT NULL)")
        cur.execute(f"DELETE FROM {META_TABLE}")
        cur.execute(f"INSERT INTO {META_TABLE} (scale, complete) VALUES (%s, %s)", [scale, int(complete)])


def ensure(scale: int) -> bool:
    """Opportunities and orders for `scale` accounts (already generated); False when already there."""
    from guanxi.billing.models import OrderLine, SalesOrder
    from guanxi.customers.models import Account
    from guanxi.pipeline.models import Opportunity, Pipeline, Stage, StageChange
    from guanxi.sales.demo import _catalogue
    from guanxi.sales.seeds import ensure_sales_reference

    if stored_scale() == scale:
        return False
    ensure_sales_reference()
    products = [(p.pk, p.list_price, p.cost, p.unit) for p in _catalogue()]
    tables = [Table(Opportunity), Table(SalesOrder), Table(OrderLine)]
    with connection.cursor() as cur:
        for t in [Table(StageChange), *reversed(tables)]:
            cur.execute(f"DELETE FROM {t.name}")
    _mark(scale, complete=False)
    pipeline = Pipeline.objects.get(key="default")
    stages = list(Stage.objects.filter(pipeline=pipeline).order_by("sort"))
    open_stages = [s for s in stages if s.outcome == "open"]
    closed = [s for s in stages if s.outcome != "open"]
    accounts = list(Account.objects.order_by().values_list("pk", "owner_id", "department_id"))
    rng = random.Random(11)
    now = timezone.now()
    today = timezone.localdate()
    dropped: list[tuple[str, str]] = []
    if connection.vendor == "postgresql":
        dropped = _secondary_indexes([t.name for t in tables])
        with connection.cursor() as cur:
            for name, _definition in dropped:
                cur.execute(f'DROP INDEX IF EXISTS "{name}"')
    started = time.monotonic()
    opp_table, order_table, line_table = tables
    n_open = scale // 2
    n_deals = n_open + n_open * 2 // 5
    made = 0
    while made < n_deals:
        rows = []
        for i in range(made, min(made + CHUNK, n_deals)):
            account, owner, dept = rng.choice(accounts)
            stage = rng.choices(open_stages, weights=[35, 30, 22, 13])[0] if i < n_open else rng.choice(closed)
            amount = Decimal(rng.randint(2, 2000) * 1000)
            share = 100 if stage.outcome == "won" else 0 if stage.outcome == "lost" else stage.probability
            created = now - datetime.timedelta(days=rng.randint(0, 3 * 365))
            closed_on = (created + datetime.timedelta(days=rng.randint(5, 120))).date() if i >= n_open else None
            name = f"项目 {i:07d}"
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "name": name,
                    "account_id": account,
                    "pipeline_id": pipeline.pk,
                    "stage_id": stage.pk,
                    "outcome": stage.outcome,
                    "amount": amount,
                    "currency_id": "CNY",
                    "amount_company": amount,
                    "weighted_amount": (amount * share / 100).quantize(CENT, ROUND_HALF_UP),
                    "probability": stage.probability,
                    "expected_close": closed_on or today + datetime.timedelta(days=rng.randint(-30, 365)),
                    "closed_on": min(closed_on, today) if closed_on else None,
                    "owner_id": owner,
                    "department_id": dept,
                    "created_at": created,
                    "updated_at": created + datetime.timedelta(days=rng.randint(0, 30)),
                    "stage_changed_at": created,
                    "created_by_id": owner,
                    "updated_by_id": owner,
                    "created_source": "import",
                    "updated_source": "ui",
                    "search_text": name,
                }
            )
        with transaction.atomic():
            opp_table.write(rows)
        made += len(rows)
    log(f"{made:,} opportunities ({n_open:,} open) in {time.monotonic() - started:.0f} s")

    made = 0
    while made < scale:
        orders, lines = [], []
        for i in range(made, min(made + CHUNK // LINES_PER_ORDER, scale)):
            account, owner, dept = accounts[i % len(accounts)]
            order_id = uuid.uuid4()
            day = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
            totals = {"subtotal": Decimal(0), "discount_amount": Decimal(0), "tax_amount": Decimal(0)}
            for sort in range(LINES_PER_ORDER):
                product, price, cost, unit = rng.choice(products)
                quantity = Decimal(rng.choice([1, 2, 5, 10]))
                discount = Decimal(rng.choice([0, 0, 5, 10]))
                tax_rate = Decimal(6 if unit in ("hour", "year") else 13)
                gross = quantity * price
                net = (gross * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
                tax = (net * tax_rate / 100).quantize(CENT, ROUND_HALF_UP)
                totals["subtotal"] += gross
                totals["discount_amount"] += gross - net
                totals["tax_amount"] += tax
                lines.append(
                    {
                        "order_id": order_id,
                        "product_id": product,
                        "quantity": quantity,
                        "unit_price": price,
                        "discount": discount,
                        "tax_rate": tax_rate,
                        "unit_cost": cost,
                        "net": net,
                        "tax": tax,
                        "total": net + tax,
                        "sort": sort,
                    }
                )
            total = totals["subtotal"] - totals["discount_amount"] + totals["tax_amount"]
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            number = f"SO-B-{i:09d}"
            orders.append(
                {
                    "id": order_id,
                    "number": number,
                    "account_id": account,
                    "status": "delivered",
                    "order_date": day,
                    "delivered_on": day,
                    "currency_id": "CNY",
                    **totals,
                    "total": total,
                    "total_company": total,
                    "owner_id": owner,
                    "department_id": dept,
                    "created_at": at,
                    "updated_at": at,
                    "created_by_id": owner,
                    "updated_by_id": owner,
                    "created_source": "import",
                    "updated_source": "import",
                    "search_text": number.lower(),
                }
            )
        with transaction.atomic():
            order_table.write(orders)
            line_table.write(lines)
        made += len(orders)
        if made % 100_000 == 0 or made == scale:
            rate = made / max(time.monotonic() - started, 1e-9)
            log(f"{made:,} / {scale:,} orders of {LINES_PER_ORDER} lines — {rate:,.0f} orders/s")
    if dropped:
        log(f"rebuilding {len(dropped)} indexes")
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            for name, definition in dropped:
                t0 = time.monotonic()
                cur.execute(definition)
                log(f"  {name}: {time.monotonic() - t0:.1f} s")
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"ANALYZE {t.name}")
    from guanxi.pipeline import rollups

    log(f"running totals: {rollups.rebuild():,} rows")
    _mark(scale, complete=True)
    log(f"sales generated in {time.monotonic() - started:.0f} s")
    return True


def sample_inputs(rng: random.Random, size: int, department_id: Any = None) -> dict[str, Any]:
    """Accounts with orders (of a department, for a representative), products, the default pipeline."""
    from guanxi.billing.models import SalesOrder
    from guanxi.catalogue.models import Product
    from guanxi.pipeline.models import Pipeline

    orders = SalesOrder.objects.order_by()
    if department_id:
        orders = orders.filter(department_id=department_id)
    if connection.vendor == "postgresql":
        table = SalesOrder._meta.db_table
        where = "WHERE department_id = %s" if department_id else ""
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT account_id FROM {table} TABLESAMPLE SYSTEM (1) {where} LIMIT %s",
                [*([department_id] if department_id else []), size * 4],
            )
            accounts = [str(r[0]) for r in cur.fetchall()]
    else:
        accounts = []
    if len(accounts) < size:
        accounts = [str(a) for a in orders.values_list("account_id", flat=True)[: size * 4]]
    rng.shuffle(accounts)
    return {
        "accounts": accounts[:size],
        "products": [str(p) for p in Product.objects.values_list("pk", flat=True)],
        "pipeline": Pipeline.objects.get(key="default").pk,
    }
