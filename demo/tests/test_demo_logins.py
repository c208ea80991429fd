"""What ``make run`` prints last: the address it serves (the one emails link to, from
PORT), the demo logins and where mail goes."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.accounts import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]


def printed():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue().splitlines()


def test_the_logins_and_mail_come_last_next_to_the_address(settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9000"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
    lines = printed()
    assert lines[0] == "Backend Journeys is starting at http://127.0.0.1:9000/"
    assert "http://127.0.0.1:9000/admin/" in lines[1]
    for username, password, *_ in DEMO_ACCOUNTS:
        assert f"{username} / {password}" in lines[2]
    assert lines[-1].startswith("Mail is printed here")
    assert "http://127.0.0.1:9000/" in lines[-1]


def test_no_logins_without_debug(settings):
    settings.DEBUG = False
    assert not any("/ journeys-" in line for line in printed())


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_passes_the_port_to_every_command_as_the_base_url():
    env = {name: value for name, value in os.environ.items() if name != "SITE_BASE_URL"}
    result = subprocess.run(
        [shutil.which("make"), "-n", "run", "PORT=9000"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    commands = [line for line in result.stdout.splitlines() if ".venv/bin/python manage.py" in line]
    assert len(commands) >= 5, result.stdout
    for command in commands:
        assert "SITE_BASE_URL=http://127.0.0.1:9000 " in command, command
    assert commands[-1].startswith("exec env SITE_BASE_URL=http://127.0.0.1:9000 ")
    assert "runserver 127.0.0.1:9000" in commands[-1]
    # The logins and "mail is printed here" come after everything else but the server.
    assert "demo_logins" in commands[-3]
