"""Real servers for tests that talk to the product over the network: a database of its own (a fresh
SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), `guanxi serve` as a
separate process, free ports, and waiting until something answers."""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(tmp_path: Path, suffix: str) -> str:
    """A database for one server: on PostgreSQL a fresh one beside the suite's, else a SQLite file."""
    url = os.environ.get("GUANXI_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        db = f"{name.split('?')[0]}_{suffix}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}"')
        return f"{base}/{db}"
    return f"sqlite:///{tmp_path}/{suffix}.sqlite3"


def server_env(db_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server process: not the test run's settings."""
    dropped = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("GUANXI_")}
    env.update(GUANXI_DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="guanxi.settings.dev", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def wait_for(url: str, *, timeout: float = 60, context: ssl.SSLContext | None = None) -> None:
    """Until the address answers with any HTTP status (redirects are not followed)."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if parts.scheme == "https":
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                    parts.hostname or "", parts.port, timeout=5, context=context
                )
            else:
                conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
            conn.request("GET", parts.path or "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def serving(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process writing to a log file (never a pipe nobody reads), stopped at the end."""
    with log.open("w") as out:
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def guanxi(*args: str) -> list[str]:
    return [sys.executable, "-m", "guanxi.cli", *args]
