"""Each environment's .env example names every variable the settings, gunicorn's config and
compose.yaml read, each with a comment saying what it is."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [".env.local.example", ".env.staging.example", ".env.production.example"]
READERS = re.compile(r"""(?:env_\w+|_int|_off|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
# Read in a loop over (variable, backend) pairs rather than by name.
SEARCH_URLS = {"OPENSEARCH_URL", "ELASTICSEARCH_URL"}
# Read by the code outside the settings: the settings module's name, boto3's credentials.
OTHERS = {"DJANGO_SETTINGS_MODULE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Set by a test for a worker process it starts (follow/tests/test_worker.py), read only by the
# test settings: no environment is ever configured with it.
TESTS_ONLY = {"TEST_SMTP_PORT"}


def variables_read():
    names = set(SEARCH_URLS | OTHERS)
    for path in [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "config" / "gunicorn.py"]:
        names |= set(READERS.findall(path.read_text()))
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", (ROOT / "compose.yaml").read_text()))
    return names - TESTS_ONLY


def test_the_scan_finds_the_settings_variables():
    names = variables_read()
    for known in ("DJANGO_SECRET_KEY", "DATABASE_URL", "WEB_CONCURRENCY", "POSTGRES_PASSWORD"):
        assert known in names


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_variable_is_there_with_a_comment(example):
    lines = (ROOT / example).read_text().splitlines()
    assignment = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]+)=")
    documented = {}
    for number, line in enumerate(lines):
        match = assignment.match(line)
        if match:
            above = lines[number - 1] if number else ""
            documented[match.group(1)] = above.startswith("# ") and not assignment.match(above)
    missing = sorted(variables_read() - set(documented))
    assert missing == [], f"{example} lacks {missing}"
    uncommented = sorted(name for name, commented in documented.items() if not commented)
    assert uncommented == [], f"{example}: no comment above {uncommented}"


def test_staging_and_production_settings_modules():
    assert "DJANGO_SETTINGS_MODULE=config.settings.staging" in (
        (ROOT / ".env.staging.example").read_text()
    )
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in (
        (ROOT / ".env.production.example").read_text()
    )


def test_the_real_env_files_stay_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
