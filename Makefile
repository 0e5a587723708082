# Two set-up commands for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/aimonthly: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

.PHONY: demo test
demo: $(BIN)/aimonthly
	$(BIN)/aimonthly demo --timings

test: $(BIN)/aimonthly
	$(BIN)/pytest -q
