# The two commands: `make run` starts the product with demo data, `make test` runs every test.
SHELL := /bin/bash
PY := .venv/bin/python
# Browser screenshots in Chinese and Japanese need a CJK font; the trade documents' tests read
# PDFs with pdftotext and pdftoppm (poppler-utils).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: run test lint format bench messages services venv-dev e2e-deps sdk

run:
	@scripts/run.sh

venv-dev:
	@scripts/bootstrap.sh requirements-dev.txt

services:
	@EXTRA_APT_PACKAGES="chromium:chromium $(CJK_FONT):fonts-noto-cjk npm:npm pdftotext:poppler-utils" scripts/services.sh

# The accessibility scanner (axe-core from npm) that browser tests inject into pages.
e2e-deps: services
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --silent
	@[ sdk/typescript/node_modules/.package-lock.json -nt sdk/typescript/package-lock.json ] \
		|| npm ci --prefix sdk/typescript --no-audit --no-fund --silent

# The OpenAPI schema and the Python and TypeScript SDKs generated from it (sdk/; commit them).
sdk: venv-dev e2e-deps
	@scripts/sdk.sh

lint: venv-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache
	$(PY) -m mypy

format: venv-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: venv-dev
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=staticfiles --ignore=locale_vendor --ignore=tests --ignore=benchmarks --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

test: venv-dev services e2e-deps lint
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	@scripts/test.sh --durations=30  # the slowest tests listed: the suite must stay under 20 min

bench: venv-dev services
	@command -v wrk >/dev/null || EXTRA_APT_PACKAGES="wrk:wrk" scripts/services.sh
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
