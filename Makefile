# zwgk — two set-up commands (README): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
export ZWGK_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test test-fast test-browser system-deps browser-deps lint typecheck venv dev serve clean bench bench-deps test-schema
# Two workers; a module that loads the demo once keeps its tests on one worker (pytest.mark.xdist_group).
PYTEST_PARALLEL := -n 2 --dist loadgroup
# Let Python and pytest keep compiled modules (and pytest's rewritten test modules) even where the environment
# says PYTHONDONTWRITEBYTECODE: without them every worker of every run recompiles ~800 modules (≈ 6 s each).
export PYTHONDONTWRITEBYTECODE :=
PORT ?= 8000
# Benchmarks that need nothing but the repository (the others are listed in docs/performance.md).
BENCH ?= applications_bench reports_bench

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

## make serve: the site on 127.0.0.1:$(PORT) with the data already in var/ (no demo load; `make demo` loads it)
serve: $(STAMP_RUN)
	mkdir -p var
	ZWGK_DEBUG=1 $(BIN)/zwgk migrate --noinput
	ZWGK_DEBUG=1 $(BIN)/zwgk collectstatic --noinput --verbosity 0
	ZWGK_DEBUG=1 $(BIN)/zwgk serve --bind 127.0.0.1:$(PORT)

## make system-deps: the Debian packages the documents and the browser suite need (idempotent; apt-get as root):
## fonts-arphic-uming (the TrueType CJK font embedded in PDFs), poppler-utils (pdffonts, used by the tests),
## chromium (the browser suite), nginx (the shipped micro-cache, zwgk/core/tests/test_nginx_cache.py). See
## docs/subsystems/documents-output.md and deploy/.
SYSTEM_PACKAGES := fonts-arphic-uming poppler-utils chromium nginx
system-deps:
	@if [ -f /usr/share/fonts/truetype/arphic/uming.ttc ] && command -v pdffonts >/dev/null && command -v chromium >/dev/null && command -v nginx >/dev/null; then \
	  echo "system packages present: $(SYSTEM_PACKAGES)"; \
	else \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES); \
	fi

## axe-core from the npm registry, into browser_tests/node_modules (pinned by browser_tests/package-lock.json)
browser-deps:
	@test -f browser_tests/node_modules/axe-core/axe.min.js || npm ci --prefix browser_tests --no-audit --no-fund

## make test-browser: Playwright + Debian's Chromium + axe-core against the demo district served from
## var/browser/ (loaded once); screenshots in var/browser-artifacts/
test-browser: $(STAMP_DEV) system-deps browser-deps
	$(BIN)/pytest -c browser_tests/pytest.ini -n 2 browser_tests

## make lint: ruff (lint and format check) and djlint (template lint)
lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint zwgk --lint

## make typecheck: mypy (strict for the pure rule modules, see pyproject.toml)
typecheck: $(STAMP_DEV)
	ZWGK_TESTING=1 $(BIN)/mypy zwgk

## make test: lint, type check and the whole test suite (what CI runs)
test: system-deps lint typecheck
	$(BIN)/pytest $(PYTEST_PARALLEL)

## make test-fast: the inner loop — the suite without the tests marked slow, no lint
test-fast: $(STAMP_DEV) system-deps
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not slow"

## make test-schema: after adding or changing a migration, rewrite tests/data/sqlite-schema.sql, the SQLite test
## database the suite replays instead of running every migration (zwgk/testdb.py)
test-schema: $(STAMP_DEV)
	$(BIN)/python -m zwgk.testdb

## make bench: the self-contained benchmarks (BENCH="applications_bench workplan" to choose); figures go in
## docs/performance.md by hand, with the machine, the date and the peer of the same run
bench: $(STAMP_DEV) system-deps bench-deps
	for name in $(BENCH); do $(BIN)/python bench/$$name.py || exit 1; done

## wrk (Debian package), the HTTP load generator of bench/serving.py, two_nodes.py and load.py
bench-deps:
	@command -v wrk >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk)

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache
