# Backend Journeys: `make run` serves the site with demo content, `make test` runs every check.
# Both start from a fresh clone: they create .venv and install the pinned requirements.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check --quiet

.PHONY: run test lint check deps dev-deps publish-scheduled bench image-smoke clean

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

run: deps
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Backend Journeys is starting at http://127.0.0.1:$(PORT)/"
	@echo "The editors' admin is at http://127.0.0.1:$(PORT)/admin/"
	@echo "Scheduled pages are published every minute while this runs (manage.py run_worker)."
	@echo ""
# The worker runs beside the server and gets SIGTERM once the server has gone ($$$$ is
# this shell, which becomes runserver), however it ended.
	@( $(MANAGE) run_worker --verbosity 0 & worker=$$!; \
		while kill -0 $$$$ 2>/dev/null && kill -0 $$worker 2>/dev/null; do sleep 2; done; \
		kill $$worker 2>/dev/null; wait $$worker ) & \
	exec $(MANAGE) runserver 127.0.0.1:$(PORT)

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

test: lint check
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

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
