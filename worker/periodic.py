"""What the worker runs on a clock in place of cron, each job a management command:

- every round (``--interval``, a minute by default): scheduled pages go live or expire
  (Wagtail's ``publish_scheduled``), the searches counted in Redis reach the report
  (``flush_search_hits``), and tasks a dead worker left running go back to the queue
  (``recover_stalled_tasks``);
- every hour: finished task results older than TASK_RESULTS_KEEP_DAYS are deleted
  (``prune_task_results``), and the weekly digests of followers not yet sent one this week
  go out (``send_follow_digests``, follow/).

Each job runs under its own lock (worker/locks.py), so with two workers a scheduled page is
published once."""

import io
import logging
import time
from dataclasses import dataclass

from django.core.management import call_command

from . import locks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: float | None = None  # seconds; None: every round


JOBS = (
    Job("publish_scheduled"),
    Job("flush_search_hits"),
    Job("recover_stalled_tasks"),
    Job("prune_task_results", every=3600),
    Job("send_follow_digests", every=3600),
)


class Clock:
    """When each job last ran in this process: a job with ``every`` waits that long."""

    def __init__(self):
        self.last = {}

    def due(self, job, now):
        last = self.last.get(job.name)
        return job.every is None or last is None or now - last >= job.every

    def ran(self, job, now):
        self.last[job.name] = now


def describe():
    return ", ".join(
        job.name if job.every is None else f"{job.name} (every {job.every:g} s)" for job in JOBS
    )


def run_jobs(write, *, should_stop=lambda: False, clock=None):
    """Run each job that is due once, unless another worker is running it; ``write`` gets a
    line each. A job that fails is logged and the next one still runs: the worker goes on
    either way."""
    clock = clock or Clock()
    for job in JOBS:
        if should_stop():
            return
        if not clock.due(job, time.monotonic()):
            continue
        with locks.exclusive(f"periodic:{job.name}") as mine:
            if not mine:
                write(f"{job.name}: skipped, another worker is running it")
                continue
            started = time.monotonic()
            output = io.StringIO()
            try:
                call_command(job.name, stdout=output)
            except Exception:
                logger.exception("The periodic job %s failed", job.name)
                write(f"{job.name}: failed (logged)")
                continue
            finally:
                clock.ran(job, started)
            said = " ".join(output.getvalue().split())
            elapsed = time.monotonic() - started
            write(f"{job.name}: done in {elapsed:.2f} s" + (f" ({said})" if said else ""))
