# carewatch — one toolchain for developers, CI and the README.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := src/carewatch/web/static/.built
DB ?= $(or $(CAREWATCH_DATABASE_URL),sqlite:///carewatch.db)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast coverage screenshots lint format typecheck bench docs clean frontend model

install: $(STAMP) frontend model
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

# The feedback classifier, trained from the public labelled file (pxtextmining's
# v6framework_230831.csv) into the package's textmining/model folder (git-ignored), again
# whenever the file or the training code changes. Without the file, make says so and goes on:
# everything but classifying works without the model.
FEEDBACK_DATA ?= $(or $(CAREWATCH_FEEDBACK_DATA),../shared/data/pxtextmining/v6framework_230831.csv)
MODEL_STAMP := src/carewatch/textmining/model/model.json

ifneq ($(wildcard $(FEEDBACK_DATA)),)
model: $(MODEL_STAMP)

$(MODEL_STAMP): $(STAMP) $(FEEDBACK_DATA) $(wildcard src/carewatch/textmining/*.py)
	$(BIN)/carewatch feedback train --data "$(FEEDBACK_DATA)"
else
model:
	@echo "model: no labelled file at $(FEEDBACK_DATA), so the feedback classifier is not built; set CAREWATCH_FEEDBACK_DATA to pxtextmining's datasets/v6framework_230831.csv and run make model"
endif

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

# The whole suite with line and branch coverage, on every core as `make test` runs it (about
# twice as slow: tracing every line costs that); the report lists what no test reaches.
coverage: install
	$(BIN)/pytest --cov=carewatch --cov-branch --cov-report=term:skip-covered

# The browser tests, saving every page they open (at 390 and 1280 px) and print under
# test-artifacts/web/ for a person to look at.
screenshots: install
	CAREWATCH_SCREENSHOTS=1 $(BIN)/pytest -m browser

test-fast: install
	$(BIN)/pytest -x -q tests/unit tests/spec

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
