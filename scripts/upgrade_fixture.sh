#!/usr/bin/env bash
# Store the databases the upgrade test migrates forward: a small demo made by the code of the
# current commit, on SQLite and on PostgreSQL, with their attachments and manifests, under
# guanxi/core/tests/upgrade/<date>-<commit>/. Run it at the commit whose schema you want to keep
# upgradable (the test migrates every stored fixture), then commit the new directory.
set -euo pipefail
cd "$(dirname "$0")/.."
pg="${GUANXI_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/guanxi}"
name="$(date +%Y-%m-%d)-$(git rev-parse --short HEAD)"
out="guanxi/core/tests/upgrade/$name"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

echo "==> SQLite"
mkdir -p "$work/sqlite" "$work/pg"
GUANXI_VAR_DIR="$work/sqlite" GUANXI_DATABASE_URL="sqlite:///$work/sqlite/db.sqlite3" \
    .venv/bin/python guanxi/core/tests/upgrade/build.py "$out/sqlite"
.venv/bin/python -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('VACUUM'); c.close()" "$work/sqlite/db.sqlite3"
xz -9 -c "$work/sqlite/db.sqlite3" > "$out/sqlite/db.sqlite3.xz"
tar -C "$work/sqlite" -cJf "$out/sqlite/media.tar.xz" media

echo "==> PostgreSQL"
db="guanxi_fixture_$$"
psql "${pg%/*}/postgres" -qc "CREATE DATABASE $db" >/dev/null
GUANXI_VAR_DIR="$work/pg" GUANXI_DATABASE_URL="${pg%/*}/$db" \
    .venv/bin/python guanxi/core/tests/upgrade/build.py "$out/postgresql"
pg_dump --no-owner --no-privileges "${pg%/*}/$db" | xz -9 > "$out/postgresql/dump.sql.xz"
tar -C "$work/pg" -cJf "$out/postgresql/media.tar.xz" media
psql "${pg%/*}/postgres" -qc "DROP DATABASE $db" >/dev/null
du -sh "$out"/*
