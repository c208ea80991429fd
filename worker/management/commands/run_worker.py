"""The background worker production runs beside its app servers: ``manage.py run_worker``.

It takes the database queue's tasks (emails, Wagtail's search and reference index updates,
admin imports) as they come and, every ``--interval`` seconds, publishes and expires
scheduled pages and moves the counted searches into the report, each job under a lock so two
workers never run it at once. No cron is needed. SIGTERM or SIGINT stops it after the task
that is running; ``--once`` runs one round (the periodic jobs, then every ready task) and
exits, for a release step or a test.
"""

import contextlib
import logging

from django.core.management.base import BaseCommand
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.models import DBTaskResult

from worker import periodic
from worker.loop import WorkerLoop


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks as they come, and scheduled publishing and "
        "the search counts every --interval seconds. Stops gracefully on SIGTERM or SIGINT."
    )

    # A bucket or search service that is away must not keep the worker from starting: mail
    # and scheduled publishing need neither. The release step runs the checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=60.0,
            help="Seconds between two runs of the periodic jobs (default: 60).",
        )  # fmt: skip
        parser.add_argument(
            "--poll", type=float, default=1.0,
            help="Seconds between two looks at an empty queue (default: 1).",
        )  # fmt: skip
        parser.add_argument(
            "--once", action="store_true",
            help="Run the periodic jobs and every ready task once, then exit.",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Say what the worker would do and how many tasks are ready; run nothing.",
        )  # fmt: skip

    def handle(self, *args, interval, poll, once, dry_run, verbosity=1, **options):
        self.verbosity = verbosity
        loop = WorkerLoop(interval=interval, poll=poll, once=once, write=self.say)
        if loop.runs_the_queue:
            queue = f"the {DEFAULT_TASK_BACKEND_ALIAS!r} database queue"
        else:
            backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__
            queue = f"no queue ({backend} runs each task where it is enqueued)"
        self.say(
            f"worker {loop.worker_id}: {queue}; every {interval:g} s: {periodic.describe()}"
            + (", one round" if once else "")
        )
        if dry_run:
            if loop.runs_the_queue:
                ready = DBTaskResult.objects.ready().count()
                self.say(f"dry run: {ready} task(s) ready; nothing was run")
            else:
                self.say("dry run: nothing was run")
            return
        with self._task_lines():
            loop.run()

    def say(self, line):
        if self.verbosity:
            self.stdout.write(line)
            self.stdout.flush()

    @contextlib.contextmanager
    def _task_lines(self):
        """A line per task on stdout (django-tasks' own "Task id=… state=…"), without the
        queue loop's line per empty look; put back as it was afterwards."""
        tasks_logger, queue_logger = (
            logging.getLogger(n) for n in ("django_tasks", "django_tasks_db")
        )
        saved = tasks_logger.level, tasks_logger.propagate, queue_logger.level
        handler = logging.StreamHandler(self.stdout)
        if self.verbosity:
            tasks_logger.setLevel(logging.INFO)
            tasks_logger.addHandler(handler)
            tasks_logger.propagate = False
        queue_logger.setLevel(logging.WARNING)
        try:
            yield
        finally:
            tasks_logger.removeHandler(handler)
            tasks_logger.setLevel(saved[0])
            tasks_logger.propagate = saved[1]
            queue_logger.setLevel(saved[2])
