# The two commands: `make run` starts the product with demo data, `make test` runs every test.
SHELL := /bin/bash
PY := .venv/bin/python
# Browser screenshots in Chinese and Japanese need a CJK font.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: run test lint format bench messages services venv-dev e2e-deps

run:
	@scripts/run.sh

venv-dev:
	@scripts/bootstrap.sh requirements-dev.txt

services:
	@EXTRA_APT_PACKAGES="chromium:chromium $(CJK_FONT):fonts-noto-cjk npm:npm" scripts/services.sh

# The accessibility scanner (axe-core from npm) that browser tests inject into pages.
e2e-deps: services
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --silent

lint: venv-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: venv-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: venv-dev
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=staticfiles --ignore=locale_vendor --ignore=tests --ignore=benchmarks --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

test: venv-dev services e2e-deps lint
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	@scripts/test.sh

bench: venv-dev services
	@command -v wrk >/dev/null || EXTRA_APT_PACKAGES="wrk:wrk" scripts/services.sh
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
