# zwgk — two set-up commands (README): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
export ZWGK_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint typecheck venv dev serve clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)
dev: $(STAMP_DEV)

## make demo: install, migrate the embedded SQLite database under var/, load the demo district, serve on :8000
demo: $(STAMP_RUN)
	mkdir -p var
	ZWGK_DEBUG=1 $(BIN)/zwgk migrate --noinput
	ZWGK_DEBUG=1 $(BIN)/zwgk collectstatic --noinput --verbosity 0
	ZWGK_DEBUG=1 $(BIN)/zwgk demo load
	ZWGK_DEBUG=1 $(BIN)/zwgk serve --bind 127.0.0.1:8000

## make test: lint, format check, type check and the whole test suite
test: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	ZWGK_TESTING=1 $(BIN)/mypy zwgk
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache
