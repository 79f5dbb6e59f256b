# zhiku: `make demo` serves the portal with the sample data; `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the suite needs: the browser for tests/browser, CJK fonts so its screenshots
# are legible, PostgreSQL's server binaries for the second integration run, gettext for msgfmt,
# redis-server for the shared rate-limit test (tests/integration/test_shared_limits.py).
APT_PACKAGES := chromium fonts-noto-cjk postgresql gettext redis-server

# Django-free code checked by mypy (the design keeps these modules free of Django).
MYPY_PATHS := zhiku/text zhiku/ingest/read.py zhiku/ingest/normalize.py zhiku/ingest/clean.py \
	zhiku/ingest/bylines.py zhiku/ingest/fingerprint.py \
	zhiku/ingest/records.py zhiku/ingest/readers zhiku/ingest/pipeline.py zhiku/ingest/validate.py \
	zhiku/ingest/sanitize.py zhiku/security/sanitize.py zhiku/interop/cite \
	zhiku/search/analysis.py zhiku/search/query.py zhiku/search/vocabulary.py \
	zhiku/search/concepts.py zhiku/search/backends/base.py zhiku/search/backends/tantivy \
	zhiku/search/suggest.py zhiku/search/suggest_build.py \
	zhiku/conf.py zhiku/conf_types.py zhiku/catalog/genres.py zhiku/catalog/contributor_roles.py

.DEFAULT_GOAL := help
.PHONY: help install system-deps demo serve test test-fast test-postgres lint format bench messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) ## create .venv and install zhiku with its pinned dependencies

system-deps: ## install the Debian packages the tests need (chromium, CJK fonts, PostgreSQL, Redis)
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; }; \
	fi

demo: install ## install, migrate, load the sample pages and serve on http://127.0.0.1:8000
	$(VENV)/bin/zhiku demo

serve: install ## serve the portal with gunicorn (production settings come from ZHIKU_* variables)
	$(VENV)/bin/zhiku serve

test: install system-deps lint ## everything CI runs: lint, then the suite on SQLite and PostgreSQL
	$(PY) -m pytest tests/unit tests/golden tests/integration tests/browser
	ZHIKU_TEST_DB=postgresql $(PY) -m pytest tests/integration

test-fast: install ## unit and golden tests only (no database, no browser)
	$(PY) -m pytest tests/unit tests/golden

test-postgres: install system-deps ## the integration suite on a throwaway PostgreSQL cluster
	ZHIKU_TEST_DB=postgresql $(PY) -m pytest tests/integration

lint: install ## ruff lint and format check, mypy on the Django-free code
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy $(MYPY_PATHS)

format: install ## apply ruff's formatting and safe fixes
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install system-deps ## run the benchmarks in bench/ and write docs/benchmarks.md
	@command -v wrk >/dev/null || $(SUDO) apt-get install -y -qq wrk
	$(PY) -m bench

messages: install ## refresh the translation catalogues from the code and compile them
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) zhiku/locale/fill.py

clean: ## remove the virtualenv and local data (var/)
	rm -rf $(VENV) var
