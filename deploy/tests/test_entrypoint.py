"""docker/entrypoint.sh: web runs gunicorn with config/gunicorn.py, worker run_worker,
release the release step, anything else manage.py."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def entrypoint(*args, fake=None, tmp_path=None):
    """Run the script with the virtualenv first on PATH (as /opt/venv/bin is in the image), or
    with stand-ins printing how they were called."""
    path = str(Path(sys.executable).parent)
    if fake:
        for name in fake:
            program = tmp_path / name
            program.write_text(f'#!/bin/sh\necho "{name} $*"\n')
            program.chmod(program.stat().st_mode | stat.S_IEXEC)
        path = str(tmp_path)
    env = {**os.environ, "PATH": f"{path}:/usr/bin:/bin"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    return subprocess.run(
        [str(ENTRYPOINT), *args], cwd="/", env=env, capture_output=True, text=True, timeout=60
    )


def test_executable():
    assert os.access(ENTRYPOINT, os.X_OK)


@pytest.mark.parametrize(
    ("args", "called"),
    [
        ((), "gunicorn --config config/gunicorn.py config.wsgi:application"),
        (("web",), "gunicorn --config config/gunicorn.py config.wsgi:application"),
        (("web", "--workers", "3"), "gunicorn --config config/gunicorn.py "
         "config.wsgi:application --workers 3"),
        (("worker",), "python manage.py run_worker"),
        (("release", "--bucket-policy"), "python manage.py release --bucket-policy"),
        (("migrate", "blog", "0001"), "python manage.py migrate blog 0001"),
    ],
)  # fmt: skip
def test_each_role(args, called, tmp_path):
    result = entrypoint(*args, fake=("gunicorn", "python"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == called


def test_web_really_starts_gunicorn_with_the_config():
    result = entrypoint("web", "--check-config")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_manage_py_command_really_runs():
    result = entrypoint("release", "--help")
    assert result.returncode == 0, result.stderr
    assert "--bucket-policy" in result.stdout
