# Two set-up commands for a fresh machine: `make demo` and `make test`.
# Each creates .venv/ on first use and installs what it needs (the tests add dev tools and Spark).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.core

.PHONY: demo test test-fast lint
demo: $(VENV)/.core
	$(BIN)/aimonthly demo --timings

# The gate before the tests: ruff's lint rules and its formatter's check, and mypy over src/ (pyproject.toml).
lint: $(VENV)/.test
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/mypy

# Debian packages the tests use, installed only when missing: LibreOffice lays out the Word file; Chromium shows
# the workbench (aimonthly serve) to Playwright, launched by its path (Playwright's own browser download is never used).
SYSTEM_DEPS ?= libreoffice-writer chromium

test: lint
	@tools/system-deps.sh $(SYSTEM_DEPS) || echo "system-deps: could not install $(SYSTEM_DEPS); the tests that need them say so when skipped" >&2
	$(BIN)/pytest -q

# The inner loop: every test but the slow ones (whole report builds), Spark and the browser, spread over the
# cores (pytest-xdist; WORKERS=1 runs them in one process). No lint, no system packages: `make test` is the gate.
WORKERS ?= auto
test-fast: $(VENV)/.test
	$(BIN)/pytest -q -m "not slow and not spark and not browser" -n $(WORKERS)
