# carewatch — one toolchain for developers, CI and the README.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := src/carewatch/web/static/.built
DB ?= $(or $(CAREWATCH_DATABASE_URL),sqlite:///carewatch.db)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast lint format typecheck bench docs clean frontend

install: $(STAMP) frontend
	@echo "carewatch is installed in $(BIN), not on your PATH: run '. $(BIN)/activate' to put it there, or type $(BIN)/carewatch"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The NHS.UK design system and axe-core come from npm and are copied into the package's
# static/vendor folder (git-ignored): nothing is loaded from a CDN at run time.
frontend: $(FRONTEND_STAMP)

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json frontend/build.mjs
	@command -v npm >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update && apt-get install -y npm; \
		else \
			echo "npm is needed to build the front end: install Debian's npm (sudo apt-get install npm) and run make again" >&2; \
			exit 1; \
		fi; \
	}
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && node build.mjs

# Re-lock after changing dependencies in pyproject.toml (needs network to PyPI).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

run: install
	$(BIN)/carewatch serve --db $(DB) --host $(HOST) --port $(PORT) --load-demo

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -x -q --no-cov tests/unit tests/spec

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks: the national-scale import and re-aggregation, and a wrk load test of the web
# app (Debian's wrk is installed when missing and running as root). Results: bench/results/.
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then apt-get install -y -qq wrk >/dev/null; \
		else echo "make bench needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }
	$(BIN)/python -m bench

docs: install
	$(BIN)/python -m tests.spec.render > docs/how-ratings-are-calculated.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov \
		src/carewatch/web/static/vendor $(FRONTEND_STAMP) frontend/node_modules
