"""Production settings fail fast without a secret, pass Django's deployment checks and load
the benchmarks only when asked."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jd9-qP2vXz8LwT5nR7yB1cF6hG4mS0aE_uIoZxQ2wV9tY3rN8pL5kJ7hD1sA6f"
PRODUCTION = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.org"}


def manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "BENCH"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env_overrides={"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # says what to do next


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env_overrides={"DJANGO_SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_production_passes_check_deploy_with_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides=PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_has_no_benchmark_commands_unless_bench_is_set():
    result = manage("help", "search_benchmark", env_overrides=PRODUCTION)
    assert result.returncode != 0
    assert "Unknown command: 'search_benchmark'" in result.stderr

    for command in ("search_benchmark", "import_benchmark", "page_benchmark"):
        result = manage("help", command, env_overrides={**PRODUCTION, "BENCH": "1"})
        assert result.returncode == 0, result.stderr
        assert f"manage.py {command}" in result.stdout


def database_settings(database_url):
    """ENGINE, NAME, HOST and OPTIONS as the settings read them from ``database_url``."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps([db['ENGINE'], str(db['NAME']), db['HOST'], db.get('OPTIONS', {})]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_url_switches_to_postgresql_without_jit():
    engine, name, host, options = database_settings(
        "postgres://someone:secret@db.internal:5432/journeys"
    )
    assert (engine, name, host) == ("django.db.backends.postgresql", "journeys", "db.internal")
    assert options["options"] == "-c jit=off"


@pytest.mark.parametrize("database_url", [None, "", "  "])
def test_no_database_url_or_an_empty_one_is_sqlite(database_url):
    engine, name, _, options = database_settings(database_url)
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("db.sqlite3")
    assert "options" not in options
