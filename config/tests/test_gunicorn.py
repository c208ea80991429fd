"""gunicorn's config file reads its values from the environment, and gunicorn accepts it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def resolved(**env):
    result = subprocess.run(
        [GUNICORN, "--config", "config/gunicorn.py", "--print-config", "config.wsgi"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_defaults_fit_a_container_behind_a_load_balancer():
    config = resolved(PORT="8123")
    assert config["bind"] == "['0.0.0.0:8123']"
    assert int(config["workers"]) <= 8
    assert config["worker_class"] == "gthread"
    assert (config["timeout"], config["graceful_timeout"], config["keepalive"]) == ("30", "25", "5")
    assert (config["max_requests"], config["max_requests_jitter"]) == ("1000", "100")
    assert config["accesslog"] == "-"


def test_environment_overrides():
    config = resolved(
        WEB_CONCURRENCY="3",
        GUNICORN_TIMEOUT="60",
        GUNICORN_ACCESS_LOG="off",
        FORWARDED_ALLOW_IPS="*",
    )
    assert config["workers"] == "3"
    assert config["timeout"] == "60"
    assert config["accesslog"] == "None"
    assert config["forwarded_allow_ips"] == "['*']"
