"""The worker process: the database queue's tasks as they come, and the periodic jobs every
``interval`` seconds, until SIGTERM or SIGINT.

The queue is django-tasks-db's own loop (its ``Worker`` in batch mode: every ready task, then
back here), so a task is claimed and recorded exactly as ``db_worker`` would. A stop signal
lets the task or job that is running finish, then the loop ends; a second one ends it at once.
A database that goes away (PostgreSQL restarting) is waited for, not a reason to exit.
"""

import logging
import signal
import time

from django.db import DatabaseError, close_old_connections, connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.utils import get_random_id
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker

from . import periodic
from .heartbeat import Heartbeat

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
NAP_SECONDS = 0.2  # how soon a sleeping worker notices a stop signal
DATABASE_RETRY_SECONDS = 5  # how long to wait before asking a database that went away again

logger = logging.getLogger(__name__)


class WorkerLoop:
    def __init__(self, *, interval, poll, write, once=False):
        self.interval = interval
        self.poll = poll
        self.write = write
        self.once = once
        self.worker_id = get_random_id()
        self.stopping = False
        self.queue_worker = None
        self.clock = periodic.Clock()

    @property
    def runs_the_queue(self):
        """Only a database queue has tasks to take; the immediate backend runs them where
        they are enqueued (tests, ``make run``)."""
        return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)

    def run(self):
        previous = {number: signal.signal(number, self.stop) for number in STOP_SIGNALS}
        try:
            with Heartbeat(self.worker_id):
                self._loop()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        self.write("stopped")

    def _loop(self):
        next_jobs = time.monotonic()
        while not self.stopping:
            try:
                if time.monotonic() >= next_jobs:
                    next_jobs = time.monotonic() + self.interval
                    periodic.run_jobs(
                        self.write, should_stop=lambda: self.stopping, clock=self.clock
                    )
                if self.runs_the_queue and not self.stopping:
                    self.run_ready_tasks()
            except DatabaseError as error:
                if self.once:
                    raise
                logger.warning("The database did not answer: %r", error)
                self.write(f"database unavailable; trying again in {DATABASE_RETRY_SECONDS} s")
                connections.close_all()
                self.sleep(DATABASE_RETRY_SECONDS)
                continue
            if self.once:
                return
            close_old_connections()
            self.sleep(min(self.poll, max(0.0, next_jobs - time.monotonic())))

    def run_ready_tasks(self):
        self.queue_worker = QueueWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
        )
        try:
            self.queue_worker.run()
        finally:
            self.queue_worker = None

    def sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(NAP_SECONDS, deadline - time.monotonic()))

    def stop(self, number, frame):
        name = signal.Signals(number).name
        if self.stopping:
            self.write(f"{name} again: stopping now")
            raise SystemExit(1)
        self.stopping = True
        if self.queue_worker is not None:
            self.queue_worker.running = False  # its loop ends after the running task
        self.write(f"{name}: stopping after the current task")
