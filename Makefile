# Connective: `make run` serves the platform with demo data, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The reply-by-email receiver `make run` starts beside the web server (manage.py mail_receiver).
INBOUND_PORT ?= 8025
PG_URL ?= postgres://postgres@127.0.0.1:5432/connective
# Debian packages the tests need: a browser for the journeys, fonts that cover Arabic, msgfmt.
DEBIAN_TEST_PACKAGES := chromium fonts-noto-core gettext

.PHONY: debian-packages help run production test lint typecheck checks test-sqlite test-postgres bench load messages compilemessages clean

help:
	@echo "make run    install into .venv, migrate, load demo data, serve on http://127.0.0.1:$(PORT) (replies by email: SMTP on 127.0.0.1:$(INBOUND_PORT))"
	@echo "make production  the production profile on this machine: PostgreSQL, Redis, gunicorn, Celery (deploy/production.sh)"
	@echo "make test   install test needs and run ruff, mypy, checks and pytest on SQLite and PostgreSQL"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make load   the load test: 50 users for 120 s against the production profile (PostgreSQL, Redis)"

$(VENV)/.installed-run: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

debian-packages:
	@missing=""; for p in $(DEBIAN_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

compilemessages:
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo files"; fi

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l fr -l ar -l pt --ignore=.venv --ignore=bench --ignore=tests --no-obsolete

# PORT is passed on: without SITE_URL, mails, PDFs and feeds link to the port served here.
# The mail receiver (replies by email, SMTP on 127.0.0.1:$(INBOUND_PORT)) runs in the background
# and is stopped when runserver exits (Ctrl-C included); if its port is taken, the site still runs.
run: $(VENV)/.installed-run compilemessages
	mkdir -p var
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py migrate --no-input -v 0
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py seed_demo --if-empty
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py mail_receiver --host 127.0.0.1 --port $(INBOUND_PORT) & \
	receiver=$$!; trap 'kill $$receiver 2>/dev/null; wait $$receiver 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# PostgreSQL and Redis started if down, the database created if missing, migrate, collectstatic,
# the matching index built if missing, then the Procfile under honcho (see deploy/production.sh).
production: $(VENV)/.installed-run compilemessages
	deploy/production.sh

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy .

checks: $(VENV)/.installed-dev compilemessages
	mkdir -p var
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=connective.example.org \
	  REDIS_URL=redis://127.0.0.1:6379/0 DJANGO_SETTINGS_MODULE=config.production $(PY) manage.py check --deploy --fail-level WARNING

# The every-page browser sweep (tests/browser/test_sweep.py) and the XSS pass (tests/browser/test_xss.py),
# both marked `sweep`, run once, with PostgreSQL.
test-sqlite: $(VENV)/.installed-dev debian-packages compilemessages
	DATABASE_URL=sqlite:///var/test.sqlite3 $(VENV)/bin/pytest -n 2 -q -m "not sweep"

# The sweep runs on its own after the rest: beside the journeys it doubled their waits.
test-postgres: $(VENV)/.installed-dev debian-packages compilemessages
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2 -q -m "not sweep"
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -m sweep

test: lint typecheck checks test-sqlite test-postgres

# bench/pages_http.py loads a real server with wrk (Debian's package), installed when missing.
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { echo "Installing Debian package: wrk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py

# The load test alone (it is also one of `make bench`'s): gunicorn, PostgreSQL and Redis on this machine.
load: $(VENV)/.installed-dev
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) var
