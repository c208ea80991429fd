# Backend Journeys: `make run` serves the site with demo content, `make test` runs every check.
# Both start from a fresh clone: they create .venv and install the pinned requirements.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Where the site is served: the address emails and feeds link to (config/settings/base.py).
SITE_BASE_URL ?= http://127.0.0.1:$(PORT)
MANAGE := $(BIN)/python manage.py
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check --quiet

.PHONY: run test lint check deps dev-deps lighthouse-deps lighthouse publish-scheduled bench image-smoke clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	@echo "Installing the pinned requirements into $(VENV)…"
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing the pinned requirements and test tools into $(VENV)…"
	$(PIP_INSTALL) -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

deps: $(VENV)/.runtime-installed
dev-deps: $(VENV)/.dev-installed

# Lighthouse, pinned in tools/lighthouse/package-lock.json, for the reader pages' audit
# (blog/tests/test_lighthouse_browser.py). Installed when npm is there; without it that test
# skips, or fails under BJ_REQUIRE_BROWSER=1 (CI installs Node.js first).
LIGHTHOUSE_DIR := tools/lighthouse

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(LIGHTHOUSE_DIR)/node_modules/.installed; \
	else echo "npm not found: the Lighthouse test will skip (apt-get install nodejs npm)"; fi

# Every command of `run` gets SITE_BASE_URL, so emails link to this PORT.
RUN_MANAGE := env SITE_BASE_URL=$(SITE_BASE_URL) $(MANAGE)

run: deps
	$(RUN_MANAGE) migrate --noinput
	$(RUN_MANAGE) load_demo_content --verbosity 0
	$(RUN_MANAGE) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Scheduled pages are published every minute while this runs (manage.py run_worker)."
	@$(RUN_MANAGE) demo_logins
	@echo ""
# The worker runs beside the server and gets SIGTERM once the server has gone ($$$$ is
# this shell, which becomes runserver), however it ended.
	@( $(RUN_MANAGE) run_worker --verbosity 0 & worker=$$!; \
		while kill -0 $$$$ 2>/dev/null && kill -0 $$worker 2>/dev/null; do sleep 2; done; \
		kill $$worker 2>/dev/null; wait $$worker ) & \
	exec $(RUN_MANAGE) runserver 127.0.0.1:$(PORT)

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: dev-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with its own database, media
# folder, live server port and Chromium. Tests marked with one xdist_group run on one worker
# (the two-app-server tests share their servers).
TEST_WORKERS ?= 2

test: lint check lighthouse-deps
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# Lighthouse's four scores for home, a story, a tutorial and a search, as a table, against the
# demo site served as in production (about two minutes); BJ_LIGHTHOUSE_DESKTOP=1 adds the
# desktop preset. Fails when a score is under 95, naming the audits that cost points.
lighthouse: dev-deps lighthouse-deps
	$(BIN)/pytest -q blog/tests/test_lighthouse_browser.py

# The reader pages under load: gunicorn with production settings on PostgreSQL, wrk, page
# cache off and on (bench/management/commands/page_benchmark.py). Options in BENCH_ARGS, e.g.
# make bench BENCH_ARGS="--against 592def8 --rounds 2 --duration 5"
BENCH_ARGS ?=

bench: deps
	$(MANAGE) page_benchmark $(BENCH_ARGS)

# The image built with podman and checked (scripts/image_smoke.sh): minutes, so not in `test`.
image-smoke:
	bash scripts/image_smoke.sh

publish-scheduled: deps
	$(MANAGE) publish_scheduled

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
