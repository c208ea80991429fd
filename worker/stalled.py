"""Tasks left RUNNING by a worker that died (SIGKILL, out of memory, a lost machine).

django-tasks-db marks a task RUNNING when a worker claims it, and only that worker finishes
it. A task is stalled when the worker that claimed it last has not stamped its heartbeat
(worker/heartbeat.py) for ``WORKER_STALL_SECONDS``. A stalled task goes back to the queue,
to be run again: tasks are written to be run more than once (an email sent twice is better
than one never sent). After ``WORKER_MAX_TASK_ATTEMPTS`` claims it is failed instead, so a
task that kills its worker cannot take every worker down in turn."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

LOST = "worker.stalled.WorkerLost"


@dataclass(frozen=True)
class Recovered:
    requeued: list
    failed: list


def _stall_cutoff(now):
    return now - datetime.timedelta(seconds=settings.WORKER_STALL_SECONDS)


def stalled(now=None):
    """RUNNING tasks whose worker has not been seen for WORKER_STALL_SECONDS."""
    cutoff = _stall_cutoff(now or timezone.now())
    alive = set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    return [task for task in running if not task.worker_ids or task.worker_ids[-1] not in alive]


def recover(*, dry_run=False, now=None):
    """Put stalled tasks back in the queue, or fail those claimed too often; with
    ``dry_run``, only say which."""
    now = now or timezone.now()
    requeued, failed = [], []
    with transaction.atomic():
        ids = [task.pk for task in stalled(now)]
        # Locked, and skipped if another worker is finishing it after all.
        for task in (
            DBTaskResult.objects.running().filter(pk__in=ids).select_for_update(skip_locked=True)
        ):
            if len(task.worker_ids) >= settings.WORKER_MAX_TASK_ATTEMPTS:
                failed.append(task)
                if not dry_run:
                    _fail(task, now)
            else:
                requeued.append(task)
                if not dry_run:
                    task.status = TaskResultStatus.READY
                    task.started_at = None
                    task.save(update_fields=["status", "started_at"])
        if not dry_run:
            # Rows of workers long gone (killed ones never remove theirs).
            WorkerBeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return Recovered(requeued=requeued, failed=failed)


def _fail(task, now):
    task.status = TaskResultStatus.FAILED
    task.finished_at = now
    task.exception_class_path = LOST
    task.traceback = (
        f"WorkerLost: the worker running this task stopped without finishing it, "
        f"{len(task.worker_ids)} time(s) (workers {', '.join(task.worker_ids)}); "
        "it is not run again."
    )
    task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
