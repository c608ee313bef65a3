#!/usr/bin/env bash
# Idempotent set-up: .venv with the locked Python packages, npm packages copied into static/vendor,
# and (with --browser) the Debian packages the tests need: Chromium and fonts for the browser tests,
# nginx and openssl for the test behind a TLS proxy. Safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$py" -m venv .venv
fi
stamp=.venv/.guanxi-installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing Python packages (requirements.lock)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
  touch "$stamp"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing front-end packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p guanxi/static/vendor
cp node_modules/htmx.org/dist/htmx.min.js guanxi/static/vendor/htmx.min.js
cp node_modules/sortablejs/Sortable.min.js guanxi/static/vendor/Sortable.min.js
cp node_modules/echarts/dist/echarts.min.js guanxi/static/vendor/echarts.min.js

# Chromium, and CJK and emoji fonts so that screenshots show Chinese text rather than empty boxes
# (and printed quotes embed a Chinese font).
browser_pkgs=""
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || browser_pkgs="chromium"
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || browser_pkgs="$browser_pkgs fonts-noto-cjk fonts-noto-color-emoji"
  # A TrueType CJK font the printed quotes embed (Noto CJK is CFF, which PDF libraries cannot subset).
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || browser_pkgs="$browser_pkgs fonts-wqy-zenhei"
  # nginx and openssl: the production test runs the app behind a real TLS reverse proxy.
  [ -x /usr/sbin/nginx ] || browser_pkgs="$browser_pkgs nginx-light"
  command -v openssl >/dev/null 2>&1 || browser_pkgs="$browser_pkgs openssl"
fi
if [ -n "$browser_pkgs" ]; then
  echo "==> installing Debian packages for the browser tests:$browser_pkgs"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $browser_pkgs >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $browser_pkgs >/dev/null
  else
    echo "!! cannot install$browser_pkgs (not root, no sudo): browser tests will be skipped" >&2
  fi
fi
mkdir -p var
