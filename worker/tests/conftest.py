"""The worker's tests run tasks as production does: enqueued in the database queue, then
taken by ``run_worker``; mail goes through the queue (worker/mail.py)."""

import io

import pytest
from django.core.management import call_command

from bench.servers import free_port
from editorial.tests.test_notifications import team  # noqa: F401 (the editorial team fixture)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The database queue and queued mail, delivered by the worker to the test's outbox."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "worker.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_RETRY_SECONDS = 1
    settings.EMAIL_MAX_ATTEMPTS = 3


@pytest.fixture
def smtp_settings(settings, queue):
    """Delivery through SMTP to a port of this test's own, with a short timeout."""
    port = free_port()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.fixture
def run_worker_once():
    """One round of the real command, in this process; returns what it printed."""

    def run():
        out = io.StringIO()
        call_command("run_worker", "--once", stdout=out)
        return out.getvalue()

    return run
