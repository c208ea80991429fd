"""Zero configuration is SQLite: two requests that write in the same second (an autosave and
a submit) take turns instead of one answering 500 "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = 100

WRITER = """
import os, time, django
django.setup()
from django.db import connection, transaction
while not os.path.exists(os.environ["GO"]):  # both start writing together
    time.sleep(0.01)
for n in range(WRITES):
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Read, then write: the lock upgrade that fails at once in a deferred transaction.
            cursor.execute("SELECT count(*) FROM visits")
            seen = cursor.fetchone()[0]
            time.sleep(0.002)  # a request's work between its read and its write
            cursor.execute("INSERT INTO visits (seen) VALUES (%s)", [seen])
"""


def run(code, env):
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=f"sqlite:///{database}")
    create = run(
        "import django; django.setup(); from django.db import connection; "
        "connection.cursor().execute('CREATE TABLE visits (seen integer)')",
        env,
    )
    assert create.wait(timeout=60) == 0, create.stderr.read()

    go = tmp_path / "go"
    env["GO"] = str(go)
    writers = [run(WRITER.replace("WRITES", str(WRITES)), env) for _ in range(2)]
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()[-2000:]

    count = run(
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('SELECT count(*), max(seen) FROM visits'); "
        "print(*c.fetchone())",
        env,
    )
    out, _ = count.communicate(timeout=60)
    # Every write kept, each after the one before.
    assert out.split() == [str(2 * WRITES), str(2 * WRITES - 1)]
