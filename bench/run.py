"""`guanxi bench customers|sales`: generate data at scale and time it through the real server.

    guanxi bench customers [--scale N] [--backend sqlite|postgresql|both] [--pg-url URL] [--json]
    guanxi bench sales     [the same flags; --scale counts accounts, with their deals and orders]

Each backend runs in its own process (Django binds its database at start-up). Progress goes to
stderr; one JSON object per operation and backend goes to stdout:
{"op", "backend", "n", "p50_ms", "p95_ms", "raw_sql_p50_ms", "scale"}. Without --json a table follows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .customers import OPS
from .sales import OPS as SALES_OPS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/guanxi_bench"
# Targets from the issue, for PostgreSQL at 1M accounts (ms, p50).
TARGETS = {
    "list": 25,
    "filter": 25,
    "phone_lookup": 25,
    "get_360": 25,
    "search_zh": 60,
    "search_latin": 60,
    "create": 30,
    "update": 30,
    "list_page": 80,
    # sales, at 1M accounts, 500,000 open opportunities and 10M order lines
    "kanban": 80,
    "forecast_quarter": 150,
    "get_360_orders": 60,
    "create_order": 40,
}


def ensure_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def run_backend(backend: str, args: argparse.Namespace) -> list[dict]:
    env = os.environ.copy()
    if backend == "postgresql":
        ensure_pg_database(args.pg_url)
        env["GUANXI_DATABASE_URL"] = args.pg_url
    else:
        path = Path(args.sqlite_path or ROOT / "var" / f"bench-{args.scale}.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        env["GUANXI_DATABASE_URL"] = f"sqlite:///{path}"
    env["DJANGO_SETTINGS_MODULE"] = "guanxi.settings.base"
    env.setdefault("GUANXI_SECRET_KEY", "bench-only-secret-key-not-for-production")
    cmd = [sys.executable, "-m", f"bench.{args.suite}", "--scale", str(args.scale), "--n", str(args.n)]
    cmd += ["--warmup", str(args.warmup)]
    if args.ops:
        cmd += ["--ops", *args.ops]
    cmd += ["--role", args.role]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    for r in results:
        print(json.dumps(r), flush=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench on {backend} failed (exit {proc.returncode})")
    return results


def table(results: list[dict]) -> str:
    admin_p50 = {(r["op"], r["backend"]): r["p50_ms"] for r in results if r.get("role") == "administrator"}
    head = f"{'op':<18}{'backend':<12}{'role':<16}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}"
    lines = [head + f"{'raw SQL':>10}{'ceiling':>10}  target"]
    for r in results:
        ceiling = 4 * r["raw_sql_p50_ms"] + 10
        target = TARGETS.get(r["op"])
        verdict = []
        if r["backend"] == "postgresql" and target is not None:
            verdict.append(("ok" if r["p50_ms"] <= target else "SLOW") + f" (≤ {target})")
        verdict.append("within ceiling" if r["p50_ms"] <= ceiling else "OVER CEILING")
        base = admin_p50.get((r["op"], r["backend"]))
        if r.get("role") == "representative" and base:
            ratio = r["p50_ms"] / base
            verdict.append(f"{ratio:.2f}× admin " + ("ok (≤ 1.5×)" if ratio <= 1.5 else "OVER 1.5×"))
        lines.append(
            f"{r['op']:<18}{r['backend']:<12}{r.get('role', 'administrator'):<16}{r['n']:>6}{r['p50_ms']:>10.1f}"
            f"{r['p95_ms']:>10.1f}{r['raw_sql_p50_ms']:>10.2f}{ceiling:>10.1f}  {', '.join(verdict)}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guanxi bench", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="suite", required=True)
    for suite, ops, text in (
        ("customers", OPS, "the customer hub: accounts, contacts, points, interactions"),
        ("sales", SALES_OPS, "sales: the board, the quarter forecast, the account with its orders, new orders"),
    ):
        p = sub.add_parser(suite, help=text)
        p.add_argument("--scale", type=int, default=1_000_000, help="accounts to generate (default 1,000,000)")
        p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
        p.add_argument("--pg-url", default=DEFAULT_PG, help=f"PostgreSQL database, created if missing ({DEFAULT_PG})")
        p.add_argument("--sqlite-path", help="SQLite file (default var/bench-<scale>.sqlite3)")
        p.add_argument("--n", type=int, default=200, help="timed requests per operation (default 200)")
        p.add_argument("--warmup", type=int, default=20, help="untimed requests first (default 20)")
        p.add_argument("--ops", nargs="*", choices=ops, help="only these operations")
        p.add_argument("--json", action="store_true", help="only the JSON lines on stdout")
        p.add_argument(
            "--role",
            choices=["administrator", "representative", "both"],
            default="administrator",
            help="whose requests: the administrator (sees everything), a representative with department "
            "scope and three sharing rules, or both (with the ratio of their p50s)",
        )
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: list[dict] = []
    for backend in backends:
        results += run_backend(backend, args)
    if not args.json:
        print()
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
