"""``manage.py run_worker``: scheduled pages go live without cron, Wagtail's own background
tasks are taken from the database queue, a stop signal lets the running task finish, and on
PostgreSQL two workers publish a scheduled page once."""

import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from worker import locks

from . import tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="advisory locks are PostgreSQL's; SQLite serves one machine with one worker",
)


def scheduled_story(title, *, seconds_from_now):
    page = f.story(title=title, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=seconds_from_now)
    page.save_revision().publish()  # with go_live_at still to come, this schedules
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None
    return page


def wait_until_due(page):
    time.sleep(max(0.0, (page.go_live_at - timezone.now()).total_seconds()) + 0.1)


def scheduled_publications(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count()


def test_one_round_publishes_a_scheduled_page_that_is_due(client, queue, run_worker_once):
    page = scheduled_story("Due now", seconds_from_now=1)
    later = scheduled_story("Due tomorrow", seconds_from_now=86400)
    wait_until_due(page)
    said = run_worker_once()
    assert "the 'default' database queue" in said
    assert "publish_scheduled: done" in said and "flush_search_hits: done" in said
    assert said.rstrip().endswith("stopped")
    page.refresh_from_db()
    later.refresh_from_db()
    assert page.live and not later.live
    assert scheduled_publications(page) == 1
    assert client.get(page.url).status_code == 200


def test_wagtail_search_and_reference_index_updates_wait_in_the_queue_for_the_worker(
    queue, run_worker_once
):
    page = f.story(title="Quetzalcoatl deploys on Fridays")
    waiting = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    assert {
        "modelsearch.tasks.insert_or_update_object_task",
        "wagtail.tasks.update_reference_index_task",
    } <= waiting
    assert not JourneyStoryPage.objects.live().search("Quetzalcoatl").results()
    run_worker_once()
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists()
    assert [p.pk for p in JourneyStoryPage.objects.live().search("Quetzalcoatl")] == [page.pk]


def test_a_stop_signal_lets_the_running_task_finish_and_takes_no_other(queue):
    first = tasks.stop_the_worker_meanwhile.enqueue()
    second = tasks.note.using(priority=-1).enqueue("after the stop")
    out = io.StringIO()
    call_command("run_worker", "--interval", "60", stdout=out)  # no --once: only a signal ends it
    first.refresh()
    second.refresh()
    assert first.status == "SUCCESSFUL" and first.return_value == "finished"
    assert second.status == "READY"
    assert "SIGTERM: stopping after the current task" in out.getvalue()
    assert out.getvalue().rstrip().endswith("stopped")


def test_a_dry_run_counts_the_ready_tasks_and_runs_nothing(queue):
    tasks.note.enqueue("waiting")
    out = io.StringIO()
    call_command("run_worker", "--dry-run", stdout=out)
    assert "dry run: 1 task(s) ready; nothing was run" in out.getvalue()
    assert DBTaskResult.objects.ready().count() == 1


def test_production_settings_queue_tasks_and_mail_in_the_database():
    """What production runs is not what the tests run (the immediate backend): read it."""
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "from django_tasks import task_backends; "
        "print(type(task_backends['default']).__name__, settings.EMAIL_BACKEND)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASK_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-production-like-key-for-this-test-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["DatabaseBackend", "worker.mail.QueuedEmailBackend"]


def worker_environment():
    """This test's own database (committed data: a transactional test) for a real worker."""
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    url = (
        f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}"
        f"/{params['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    return {
        **env,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TASK_BACKEND": "database",
    }


def start_worker():
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--once"],
        cwd=ROOT, env=worker_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def finish(process):
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    return output


@postgresql_only
def test_a_worker_skips_a_job_another_worker_holds(queue):
    page = scheduled_story("Held back", seconds_from_now=1)
    wait_until_due(page)
    key = locks.lock_key("periodic:publish_scheduled")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        said = finish(start_worker())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    assert "publish_scheduled: skipped, another worker is running it" in said
    page.refresh_from_db()
    assert not page.live
    assert "publish_scheduled: done" in finish(start_worker())
    page.refresh_from_db()
    assert page.live


@postgresql_only
def test_two_workers_at_once_publish_a_scheduled_page_once(queue):
    page = scheduled_story("Published once", seconds_from_now=2)
    revision, revisions = page.scheduled_revision, page.revisions.count()
    wait_until_due(page)
    outputs = [finish(process) for process in [start_worker(), start_worker()]]
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == revision.pk
    assert scheduled_publications(page) == 1, outputs
    assert page.revisions.count() == revisions, "publishing made no revision of its own"
    print(*outputs, sep="\n")


def test_a_database_that_goes_away_is_waited_for(queue, monkeypatch):
    """PostgreSQL restarting must not end the worker: it says so, waits and goes on."""
    from django.db import OperationalError

    from worker import loop

    rounds = []

    def flaky_round(self):
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        self.stopping = True

    monkeypatch.setattr(loop, "DATABASE_RETRY_SECONDS", 0.1)
    monkeypatch.setattr(loop.WorkerLoop, "run_ready_tasks", flaky_round)
    out = io.StringIO()
    call_command("run_worker", "--interval", "60", stdout=out)
    assert rounds == [0, 1]
    assert "database unavailable; trying again in 0.1 s" in out.getvalue()
    assert out.getvalue().rstrip().endswith("stopped")
