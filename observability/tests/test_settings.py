"""LOG_FORMAT switches every log record to one JSON line on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG_A_WARNING = (
    "import django, logging; django.setup(); logging.getLogger('somewhere').warning('two\\nlines')"
)


def shell(log_format):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "LOG_FORMAT": log_format}
    return subprocess.run(
        [sys.executable, "-c", LOG_A_WARNING],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_records_on_stdout():
    result = shell("json")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        "somewhere",
        "two\nlines",
    )


def test_text_by_default():
    result = shell("text")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "two\nlines" in result.stderr


def test_an_unknown_format_is_refused():
    result = shell("xml")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml': use text or json." in result.stderr
