# carewatch — one toolchain for developers, CI and the README.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := src/carewatch/web/static/.built
DB ?= sqlite:///carewatch.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast lint format typecheck bench docs clean frontend

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

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
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -x -q --no-cov tests/unit tests/spec

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

docs: install
	$(BIN)/python -m carewatch.docs_gen

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov
