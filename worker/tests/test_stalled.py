"""A worker that is killed mid-task (SIGKILL, out of memory) leaves its task RUNNING; the
next worker's round puts it back in the queue and runs it, and old results are pruned."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker.models import WorkerBeat

from . import tasks
from .test_run_worker import ROOT, worker_environment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
shared_database_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker in another process reaches the test database by its PostgreSQL address",
)


def claimed(result, *, by, seconds_ago, status="RUNNING"):
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = status
    row.worker_ids = by
    row.started_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    if status != "RUNNING":
        row.finished_at = row.started_at
    row.save()
    return row


def beat(worker_id, *, seconds_ago):
    seen = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id=worker_id, host="h", pid=1, started_at=seen, seen_at=seen)


def recover(*args):
    out = io.StringIO()
    call_command("recover_stalled_tasks", *args, stdout=out)
    return out.getvalue()


def test_only_tasks_of_workers_not_seen_for_the_stall_time_are_recovered(queue, settings):
    settings.WORKER_STALL_SECONDS = 60
    settings.WORKER_MAX_TASK_ATTEMPTS = 3
    beat("alive", seconds_ago=5)
    beat("dead", seconds_ago=600)
    busy = claimed(tasks.note.enqueue("long but alive"), by=["alive"], seconds_ago=3600)
    lost = claimed(tasks.note.enqueue("worker killed"), by=["dead"], seconds_ago=600)
    vanished = claimed(tasks.note.enqueue("no heartbeat row"), by=["gone"], seconds_ago=600)
    just_claimed = claimed(tasks.note.enqueue("claimed now"), by=["gone"], seconds_ago=1)
    doomed = claimed(tasks.note.enqueue("kills workers"), by=["a", "b", "c"], seconds_ago=600)

    said = recover("--dry-run")
    assert "2 stalled task(s) would be requeued, 1 failed (dry run: nothing changed)" in said
    assert DBTaskResult.objects.running().count() == 5

    said = recover()
    assert "2 stalled task(s) requeued, 1 failed" in said
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[busy.pk] == "RUNNING"
    assert status[just_claimed.pk] == "RUNNING"
    assert status[lost.pk] == status[vanished.pk] == "READY"
    doomed.refresh_from_db()
    assert doomed.status == "FAILED" and "WorkerLost" in doomed.traceback
    assert recover() == "", "a second run finds nothing more"


def test_finished_results_older_than_the_kept_days_are_pruned(queue, settings):
    settings.TASK_RESULTS_KEEP_DAYS = 14
    old_done = claimed(tasks.note.enqueue("old"), by=["w"], seconds_ago=15 * 86400,
                       status="SUCCESSFUL")  # fmt: skip
    old_failed = claimed(tasks.note.enqueue("old"), by=["w"], seconds_ago=15 * 86400,
                         status="FAILED")  # fmt: skip
    recent = claimed(tasks.note.enqueue("recent"), by=["w"], seconds_ago=86400,
                     status="SUCCESSFUL")  # fmt: skip
    waiting = tasks.note.enqueue("still to run")
    out = io.StringIO()
    call_command("prune_task_results", "--dry-run", stdout=out)
    assert "2 task result(s) finished before" in out.getvalue() and "dry run" in out.getvalue()
    assert DBTaskResult.objects.count() == 4
    call_command("prune_task_results", stdout=io.StringIO())
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {str(recent.pk), waiting.id}
    assert not {str(old_done.pk), str(old_failed.pk)} & left


def test_the_worker_runs_the_recovery_and_prune_jobs_and_removes_its_heartbeat(
    queue, run_worker_once
):
    said = run_worker_once()
    assert "recover_stalled_tasks: done" in said
    assert "prune_task_results: done" in said
    assert not WorkerBeat.objects.exists(), "a worker that stopped cleanly leaves no heartbeat"


@shared_database_only
def test_a_task_whose_worker_was_killed_runs_again_on_the_next_worker(
    queue, settings, run_worker_once, tmp_path
):
    marker = tmp_path / "keep-running"
    marker.touch()
    result = tasks.linger_while.enqueue(str(marker))
    env = {**worker_environment(), "WORKER_HEARTBEAT_SECONDS": "1"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--poll", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.get(pk=result.id).status != "RUNNING":
            assert time.monotonic() < deadline, "the worker never took the task"
            time.sleep(0.2)
        (worker_id,) = DBTaskResult.objects.get(pk=result.id).worker_ids
        first_seen = WorkerBeat.objects.get(worker_id=worker_id).seen_at
        time.sleep(2.5)
        # The task is still running, and its worker still says it is alive.
        assert WorkerBeat.objects.get(worker_id=worker_id).seen_at > first_seen
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    marker.unlink()
    settings.WORKER_STALL_SECONDS = 2
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    time.sleep(3)
    said = run_worker_once()
    assert "1 stalled task(s) requeued" in said
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == "finished"
    assert len(row.worker_ids) == 2 and row.worker_ids[0] == worker_id
