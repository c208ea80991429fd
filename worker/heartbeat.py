"""The worker's heartbeat: a thread that stamps the worker's ``WorkerBeat`` row every
``WORKER_HEARTBEAT_SECONDS``, so other workers can tell a worker that is busy with a long task
from one that was killed."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerBeat

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, worker_id, *, every=None):
        self.worker_id = worker_id
        self.every = every if every is not None else settings.WORKER_HEARTBEAT_SECONDS
        self.started_at = timezone.now()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def __enter__(self):
        try:
            self.beat()
        except DatabaseError as error:  # the loop waits for the database; beats come later
            logger.warning("Worker heartbeat not stored: %r", error)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join()
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Could not remove worker %s's heartbeat", self.worker_id)
        return False

    def beat(self):
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now},
            create_defaults={
                "seen_at": now,
                "started_at": self.started_at,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def _run(self):
        # Django gives this thread a connection of its own; it is closed when the thread ends.
        try:
            while not self._stopped.wait(self.every):
                try:
                    self.beat()
                except DatabaseError as error:  # PostgreSQL restarting: beat again later
                    logger.warning("Worker heartbeat not stored: %r", error)
                    connection.close()
        finally:
            connection.close()
