"""schemathesis against a real server with two users: every check (`--checks all`), including
`object_level_authorization` — one representative must never read what the other owns.

The server runs as a separate process on its own database (a fresh SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), seeded by this module's `setup` entry."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
MAX_EXAMPLES = 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url(tmp_path: Path) -> str:
    url = os.environ.get("GUANXI_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        fuzz = f"{name.split('?')[0]}_authz"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fuzz}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{fuzz}"')
        return f"{base}/{fuzz}"
    return f"sqlite:///{tmp_path}/authz.sqlite3"


def _env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(GUANXI_DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="guanxi.settings.dev", PYTHONPATH=str(ROOT))
    return env


def test_two_users_cannot_reach_each_others_records_and_every_check_passes(tmp_path: Path) -> None:
    db_url = _database_url(tmp_path)
    env = _env(db_url)
    auth = tmp_path / "wfc.json"
    subprocess.run([sys.executable, __file__, "setup", str(auth)], env=env, check=True, cwd=ROOT)
    config = tmp_path / "schemathesis.toml"
    config.write_text((HERE / "fuzz" / "schemathesis.toml").read_text().replace("@AUTH@", str(auth)))
    port = _free_port()
    log = (tmp_path / "server.log").open("w")  # a file, not a pipe nobody reads: the log must never block it
    server = subprocess.Popen(
        [sys.executable, "-m", "guanxi.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "--config-file",
                str(config),
                "run",
                base + "/api/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(MAX_EXAMPLES),
                "--seed",
                "2026",
                "--no-color",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    out = result.stdout + result.stderr
    report = ROOT / "var" / "api-authorization.txt"  # the whole report, for reading a failure
    report.parent.mkdir(exist_ok=True)
    report.write_text(out + "\n\n--- server log ---\n" + (tmp_path / "server.log").read_text()[-20000:])
    summary = re.search(r"(\d+) generated, (\d+) (?:passed|found)", out)
    print("schemathesis:", summary.group(0) if summary else out[-500:])
    assert result.returncode == 0, f"see {report}\n" + out[-4000:]
    assert summary is not None and int(summary.group(1)) >= 2000
    assert "/api/v1/booth/" in out, "the custom object's operations were not fuzzed"


def setup(auth_path: str) -> None:
    """Seed the server's database: two representatives in separate departments, each with
    records of every kind, and their tokens in a Web Fuzzing Commons auth file."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from guanxi.access.services import create_token, create_user, ensure_default_roles, save_department
    from guanxi.core import registry
    from guanxi.core.actor import SYSTEM
    from guanxi.core.testing import SAMPLES, make
    from guanxi.customers.seeds import ensure_picklists

    registry.autodiscover()
    import guanxi.customers.tests.samples  # noqa: F401 - registers the sample records
    from guanxi.customization.testing import CUSTOM_KEY, define_booth

    roles = ensure_default_roles()
    ensure_picklists()
    define_booth()  # a custom object, served by the run-time router and documented like the rest
    auth: dict[str, Any] = {"auth": []}
    for name, dept in (("rep", "销售部"), ("other_rep", "华南销售部")):
        user = create_user(
            username=name,
            password="not-used-here-123",
            actor=SYSTEM,
            department=save_department(name=dept, actor=SYSTEM),
            roles=[roles["sales_rep"]],
            validate=False,
        )
        for key in dict.fromkeys([*SAMPLES, CUSTOM_KEY]):
            for _ in range(2):
                make(key, user)
        _token, plain = create_token(user=user, name="authz", actor=SYSTEM, rate_limit=100_000)
        auth["auth"].append({"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {plain}"}]})
    Path(auth_path).write_text(json.dumps(auth))


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "setup":
    setup(sys.argv[2])

pytestmark = pytest.mark.filterwarnings("ignore")
