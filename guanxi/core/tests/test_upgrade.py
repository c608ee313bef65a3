"""A database made by an earlier release migrates forward with every record, history entry and
attachment intact, and the product still works on it. Each stored fixture (upgrade/<date>-<commit>/,
made by scripts/upgrade_fixture.sh at that commit) is restored into a fresh database of the backend
under test, migrated with `manage.py migrate` and compared with its manifest by upgrade/check.py."""

from __future__ import annotations

import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

HERE = Path(__file__).parent / "upgrade"
ROOT = Path(__file__).resolve().parents[3]
FIXTURES = sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "sqlite").is_dir())


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _env(var_dir: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(GUANXI_VAR_DIR=str(var_dir), GUANXI_DATABASE_URL=url, DJANGO_SETTINGS_MODULE="guanxi.settings.dev")
    return env


def _restore_media(archive: Path, var_dir: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(var_dir, filter="data")


def _postgres_copy(dump: Path) -> tuple[str, str]:
    """A new database on the server under test, loaded from the stored dump with psql."""
    psql = shutil.which("psql")
    assert psql, "psql (PostgreSQL's client) is needed to restore the stored PostgreSQL fixture"
    db = settings.DATABASES["default"]
    server = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"guanxi_upgrade_{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    subprocess.run([psql, f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], env=env, check=True)
    loaded = subprocess.run(
        [psql, f"{server}/{name}", "-q", "-v", "ON_ERROR_STOP=1"],
        input=lzma.decompress(dump.read_bytes()).decode(),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    return server, name


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_a_stored_database_migrates_forward_with_nothing_lost(fixture: Path, tmp_path: Path) -> None:
    assert FIXTURES, "no stored upgrade fixture"
    if connection.vendor == "postgresql":
        stored = fixture / "postgresql"
        server, name = _postgres_copy(stored / "dump.sql.xz")
        url = f"{server}/{name}"
    else:
        stored = fixture / "sqlite"
        (tmp_path / "db.sqlite3").write_bytes(lzma.decompress((stored / "db.sqlite3.xz").read_bytes()))
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        server = name = ""
    _restore_media(stored / "media.tar.xz", tmp_path)
    env = _env(tmp_path, url)
    try:
        migrated = _run(env, "manage.py", "migrate", "--no-input")
        assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-4000:]
        checked = _run(env, str(HERE / "check.py"), str(stored / "manifest.json"))
        assert checked.returncode == 0, checked.stdout[-4000:] + checked.stderr[-4000:]
        assert "nothing lost" in checked.stdout
        # and the check sees a loss: one note fewer is reported as such
        notes = "from guanxi.core.models import Note; Note.objects.order_by('pk').first().delete()"
        assert _run(env, "manage.py", "shell", "-c", notes).returncode == 0
        checked = _run(env, str(HERE / "check.py"), str(stored / "manifest.json"))
        notes_before = json.loads((stored / "manifest.json").read_text())["tables"]["core.Note"]["rows"]
        lost = f"core.Note: {notes_before} rows before, {notes_before - 1} after"
        assert checked.returncode == 1 and lost in checked.stdout, checked.stdout
    finally:
        if name:
            subprocess.run(
                ["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
            )
