"""`guanxi bench customers` end to end at a tiny scale, on the database the suite runs on: it must
generate the data, talk to a real server and print one sane JSON line per operation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from bench.customers import OPS

ROOT = Path(__file__).resolve().parents[2]


def test_bench_customers_runs_tiny_and_reports_every_operation(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "bench.run", "customers", "--scale", "200", "--n", "5", "--warmup", "1", "--json"]
    if connection.vendor == "postgresql":
        base = os.environ["GUANXI_DATABASE_URL"].rsplit("/", 1)[0]
        cmd += ["--backend", "postgresql", "--pg-url", f"{base}/guanxi_bench_smoke"]
    else:
        cmd += ["--backend", "sqlite", "--sqlite-path", str(tmp_path / "bench.sqlite3")]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["op"] for r in lines] == OPS
    for r in lines:
        assert r["backend"] == connection.vendor and r["n"] == 5 and r["scale"] == 200
        assert 0 < r["p50_ms"] <= r["p95_ms"]
        assert r["raw_sql_p50_ms"] > 0
        assert r["role"] == "administrator"
    # A second run keeps the data it finds; as a representative, every operation still succeeds
    # (the inputs are records of their department, which they may open and edit).
    again = subprocess.run(
        [*cmd, "--role", "representative"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "using the 200 accounts already there" in again.stderr
    rep = [json.loads(line) for line in again.stdout.splitlines()]
    assert [r["op"] for r in rep] == OPS and {r["role"] for r in rep} == {"representative"}


def test_bench_sales_runs_tiny_and_reports_every_operation(tmp_path: Path) -> None:
    """`guanxi bench sales`: accounts, then deals and orders of ten lines on top, then the board, the
    quarter forecast, the account with its orders and a new order of ten lines through the server."""
    from bench.sales import OPS as SALES_OPS

    cmd = [sys.executable, "-m", "bench.run", "sales", "--scale", "200", "--n", "5", "--warmup", "1", "--json"]
    if connection.vendor == "postgresql":
        base = os.environ["GUANXI_DATABASE_URL"].rsplit("/", 1)[0]
        cmd += ["--backend", "postgresql", "--pg-url", f"{base}/guanxi_bench_sales_smoke"]
    else:
        cmd += ["--backend", "sqlite", "--sqlite-path", str(tmp_path / "bench.sqlite3")]
    proc = subprocess.run([*cmd, "--role", "both"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    generated = "100 open" in proc.stderr and "200 / 200 orders of 10 lines" in proc.stderr
    assert generated or "using the sales of 200 accounts already there" in proc.stderr  # a PostgreSQL kept from before
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["op"] for r in lines] == SALES_OPS * 2
    assert [r["role"] for r in lines] == ["administrator"] * 4 + ["representative"] * 4
    for r in lines:
        assert r["backend"] == connection.vendor and r["n"] == 5 and r["scale"] == 200
        assert 0 < r["p50_ms"] <= r["p95_ms"] and r["raw_sql_p50_ms"] > 0
