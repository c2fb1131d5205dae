# Newsroom: `make run` for a local demo site, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Development settings: DEBUG on, a local secret generated into var/.
DEV_ENV := DEBUG=true

.PHONY: help install run test lint format check clean bench soak backup restore

help:
	@echo "make run    - install, migrate, load demo content, serve http://127.0.0.1:8000"
	@echo "make test   - run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint   - ruff lint and format check, import contracts, mypy"
	@echo "make check  - Django system checks and missing-migration check"
	@echo "make bench  - wrk: public pages vs a bare Django view, then live polling (not a test)"
	@echo "make soak   - readers and an editor for 60 s through a PostgreSQL restart and a Redis stop"
	@echo "make backup - database and media into backups/<timestamp>/ (DATABASE_URL, MEDIA_ROOT)"
	@echo "make restore BACKUP=backups/<timestamp> [REPLACE=1] - put a backup back"

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsroom needs Python 3.11 or newer (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# axe-core for the browser tests' accessibility scans (npm; skipped with a
# note where npm is missing, and the scans then fail in CI).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the browser tests' accessibility scans need it (apt-get install npm)."; fi

install: $(INSTALLED) $(AXE)

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Serving http://127.0.0.1:8000  (the editorial admin is at /admin/; Ctrl-C stops)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(DEV_ENV) $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(DEV_ENV) $(BIN)/python manage.py check
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Not a test: wrk against gunicorn and a bare Django reference (benchmarks/run.py).
bench: install
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.live_polling

# Outside production (no SECRET_KEY in the environment) the development settings.
APP_ENV := $(if $(SECRET_KEY),,$(DEV_ENV))

backup: install
	$(APP_ENV) $(BIN)/python -m newsroom.backup create --into $(or $(BACKUP_DIR),backups)

restore: install
	@test -n "$(BACKUP)" || { echo "Say which: make restore BACKUP=backups/<timestamp> [REPLACE=1]"; exit 1; }
	$(APP_ENV) $(BIN)/python -m newsroom.backup restore "$(BACKUP)" $(if $(REPLACE),--replace)

# Not part of make test: starts its own PostgreSQL and Redis, runs 60 s of load.
soak: install
	$(BIN)/python -m benchmarks.soak

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache .ruff_cache
