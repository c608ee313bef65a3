#!/usr/bin/env bash
# The whole test suite: on SQLite and on PostgreSQL, side by side.
# With CI=true (or GUANXI_REQUIRE_PG=1 / GUANXI_REQUIRE_BROWSER=1) a missing PostgreSQL or Chromium
# fails the run; otherwise what cannot run is skipped and said plainly.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser || exit 1

require_pg=${GUANXI_REQUIRE_PG:-}
require_browser=${GUANXI_REQUIRE_BROWSER:-}
if [ "${CI:-}" = "true" ]; then require_pg=1; require_browser=1; fi
export GUANXI_REQUIRE_BROWSER=${require_browser:-0}

pg_url=${GUANXI_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/guanxi}
pg_ok=0
if .venv/bin/python - "$pg_url" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
PY
then pg_ok=1; fi

status=0
echo "==> ruff (lint and format)"
.venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . >/dev/null || { echo "ruff format would change files: run .venv/bin/ruff format ."; status=1; }
echo "==> import-linter (the layers of docs/architecture.md)"
.venv/bin/lint-imports --no-cache >/dev/null || { .venv/bin/lint-imports --no-cache; status=1; }
echo "==> mypy (type check)"
.venv/bin/mypy guanxi bench || status=1
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$require_browser" = 1 ]; then
    echo "!! Chromium is required but /usr/bin/chromium is missing: the browser tests will fail" >&2
  else
    echo "!! SKIPPING the browser tests: Debian's chromium is not installed (scripts/setup.sh --browser installs it)"
  fi
fi
echo "==> migrations are up to date"
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || { echo "models and migrations disagree"; status=1; }

# SQLite and PostgreSQL run side by side (separate databases, separate logs shown when both end):
# the two runs together take about as long as the longer one.
mkdir -p var
echo "==> tests on SQLite$([ "$pg_ok" = 1 ] && echo " and on PostgreSQL ($pg_url), side by side")"
GUANXI_DATABASE_URL="sqlite:///$(pwd)/var/test-run.sqlite3" .venv/bin/pytest -q -p no:cacheprovider "$@" \
  > var/test-sqlite.log 2>&1 &
sqlite_pid=$!
pg_pid=""
if [ "$pg_ok" = 1 ]; then
  GUANXI_DATABASE_URL="$pg_url" .venv/bin/pytest -q -p no:cacheprovider "$@" > var/test-postgresql.log 2>&1 &
  pg_pid=$!
fi
wait "$sqlite_pid" || status=1
echo "==> tests on SQLite"
cat var/test-sqlite.log
if [ -n "$pg_pid" ]; then
  wait "$pg_pid" || status=1
  echo "==> tests on PostgreSQL ($pg_url)"
  cat var/test-postgresql.log
elif [ -n "$require_pg" ] && [ "$require_pg" != 0 ]; then
  echo "!! PostgreSQL is required but not reachable at $pg_url" >&2
  status=1
else
  echo "!! SKIPPED the PostgreSQL run: no server at $pg_url (set GUANXI_TEST_PG_URL to use another)"
fi
exit $status
