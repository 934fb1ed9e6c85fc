# Two commands for a fresh clone: `make run` and `make test` (see README.md).
# Everything the project needs is installed by these targets; nothing by hand.

PYTHON_BIN ?= python3.13
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The CAS server the tests sign in with (tests/cas_server/), in a virtualenv of its own: it
# needs Django 5.2 (tests/cas_server/requirements.txt says why).
CAS_SERVER_VENV := $(VENV)/cas-server
CAS_SERVER_INSTALLED := $(CAS_SERVER_VENV)/.installed
# Debian's Chromium, for the end-to-end tests (see its rule below).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium
# GNU gettext's msgfmt compiles the translations (`make messages`).
MSGFMT := /usr/bin/msgfmt
APT_INSTALL_GETTEXT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q gettext

.PHONY: run serve test install messages data lint format clean bench load backup restore worker

run: data messages
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

# The production profile on this machine (README, "Running in production"): DEBUG off, the
# collected static files, the migrations, then gunicorn (gunicorn.conf.py) on SERVE_PORT and
# the task worker beside it, on db.sqlite3 or DATABASE_URL. Plain HTTP on 127.0.0.1, hence HTTPS_ONLY=false unless set.
# Without SECRET_KEY, a random one is made once and kept in SECRET_KEY_FILE (git-ignored).
SERVE_PORT ?= 8001
SECRET_KEY_FILE ?= var/secret_key
SERVE_ENV = DEBUG=false \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	HTTPS_ONLY="$${HTTPS_ONLY:-false}" \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(SERVE_PORT)}"

serve: install messages
	@test -n "$$SECRET_KEY" || test -s $(SECRET_KEY_FILE) || { \
		mkdir -p $(dir $(SECRET_KEY_FILE)) && umask 077 && \
		$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SECRET_KEY_FILE); }
	$(SERVE_ENV) $(PYTHON) manage.py collectstatic --no-input --verbosity 0
	$(SERVE_ENV) $(PYTHON) manage.py migrate --no-input
	# The task worker runs beside gunicorn and stops with it (README, "Background tasks").
	$(SERVE_ENV) $(PYTHON) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(SERVE_ENV) $(PYTHON) -m gunicorn s3partnership.wsgi --bind 127.0.0.1:$(SERVE_PORT)

test: install messages
	$(PYTHON) manage.py check --fail-level WARNING
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --numprocesses=auto --dist=loadfile

install: $(INSTALLED) $(CAS_SERVER_INSTALLED) $(CHROMIUM)

# The Bulgarian translation: locale/*/LC_MESSAGES/django.po is committed, the compiled .mo
# is not; it is compiled here, with GNU gettext's msgfmt (installed below when missing).
messages: install $(MSGFMT)
	$(PYTHON) manage.py compilemessages --ignore=.venv

# Reinstall whenever the dependencies change. pyenv (via .python-version) or PATH supplies
# Python 3.13; a clear error beats a venv built on the wrong interpreter.
$(INSTALLED): pyproject.toml
	@command -v $(PYTHON_BIN) >/dev/null || { echo "Python 3.13 is needed ($(PYTHON_BIN) not found)."; exit 1; }
	test -x $(PYTHON) || $(PYTHON_BIN) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e ".[test]"
	touch $@

$(CAS_SERVER_INSTALLED): tests/cas_server/requirements.txt $(INSTALLED)
	test -x $(CAS_SERVER_VENV)/bin/python || $(PYTHON_BIN) -m venv $(CAS_SERVER_VENV)
	$(CAS_SERVER_VENV)/bin/python -m pip install --quiet -r tests/cas_server/requirements.txt
	touch $@

# The end-to-end tests (tests/e2e/) drive Debian's Chromium through Playwright, which cannot
# download a browser of its own here. Installed only while it is missing, so later runs
# stay fast and need no network; the package lists are fetched only if apt does not know
# the package yet (or knows an outdated version).
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Chromium is needed at $@ for the end-to-end tests, and there is no apt-get to install it."; exit 1; }
	apt-cache show chromium >/dev/null 2>&1 || $(SUDO) apt-get update -q
	$(APT_INSTALL) || { $(SUDO) apt-get update -q && $(APT_INSTALL); }
	@test -x $@ || { echo "The chromium package did not install $@."; exit 1; }

# GNU gettext, for compiling the translations; installed the same way, only while missing.
$(MSGFMT):
	@command -v apt-get >/dev/null || { echo "GNU gettext (msgfmt) is needed at $@ to compile the translations, and there is no apt-get to install it."; exit 1; }
	apt-cache show gettext >/dev/null 2>&1 || $(SUDO) apt-get update -q
	$(APT_INSTALL_GETTEXT) || { $(SUDO) apt-get update -q && $(APT_INSTALL_GETTEXT); }
	@test -x $@ || { echo "The gettext package did not install $@."; exit 1; }

# The task worker (README, "Background tasks"): runs what publications, withdrawals and the
# review queue in the database (PDFs and pages in every language, open data files, mails),
# on SQLite or on DATABASE_URL, until stopped (Ctrl+C or SIGTERM finishes the current task).
worker: install
	$(PYTHON) manage.py migrate --no-input
	$(PYTHON) manage.py db_worker --no-reload

data: install
	$(PYTHON) manage.py migrate --no-input
	$(PYTHON) manage.py load_nuts
	$(PYTHON) manage.py load_demo

# What each page costs against a bare Django view, served by gunicorn on the demo data plus
# 4,000 generated reports, in databases of its own under bench/.data/ (README, "Benchmark").
bench: install
	$(PYTHON) -m bench.run

# The site under load: 50 readers and 10 coordinators saving steps for 60 s (locust), against
# gunicorn with DEBUG off on the demo data, then every confirmed save looked for in the
# database (README, "Load"). On bench/.data/load.sqlite3, or on the PostgreSQL database
# LOAD_DATABASE_URL names, which it empties first.
load: install
	$(PYTHON) -m bench.load

# A backup of the database the settings point at (DATABASE_URL, or SQLite's file), into
# BACKUP_DIR; and a restore of one, after a confirmation (README, "Backups"). Only the
# project's own packages are needed, not the test tools.
BACKUP_DIR ?= var/backups

backup: $(INSTALLED)
	$(PYTHON) manage.py backup_database --directory "$(BACKUP_DIR)"

restore: $(INSTALLED)
	@test -n "$(BACKUP)" || { echo "Which backup? make restore BACKUP=$(BACKUP_DIR)/<file>"; exit 1; }
	$(PYTHON) manage.py restore_database "$(BACKUP)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) *.egg-info staticfiles
