# The two commands of the README, and a few helpers. Everything installs into .venv and node_modules.
.PHONY: demo test setup lint typecheck bench

demo:            ## set up, load demo data (first run) and serve on http://127.0.0.1:8000
	bash scripts/setup.sh
	.venv/bin/guanxi demo

test:            ## set up (Chromium included) and run the whole suite on SQLite and PostgreSQL
	bash scripts/test.sh

setup:
	bash scripts/setup.sh --browser

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports

typecheck:
	.venv/bin/mypy guanxi

bench:
	.venv/bin/guanxi bench customers
