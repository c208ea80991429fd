"""Emails about a piece go out from the real worker loop (``run_worker``, the database
queue), and a worker restarted in the middle, a task run again after a crash or two workers
at once send nobody a second copy."""

import io
import os
import signal
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.tests import factories as f
from follow.models import Delivery, Follower, Subscription
from follow.tasks import announce_piece
from worker.tests.conftest import DATABASE_QUEUE
from worker.tests.test_run_worker import ROOT, worker_environment

from .conftest import to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDRESSES = ["one@example.com", "two@example.com", "three@example.com"]
ANNOUNCE = "follow.tasks.announce_piece"


@pytest.fixture
def queued(settings, mailbox):
    """Tasks wait in the database for the worker, which delivers to the SMTP server."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_RETRY_SECONDS = 1
    return mailbox


def confirmed_followers(addresses):
    now = timezone.now()
    for address in addresses:
        Subscription.objects.create(
            follower=Follower.objects.create(email=address), scope="all", target_key="all",
            confirmed_at=now,
        )  # fmt: skip


def run_worker_once():
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    return out.getvalue()


def received(mailbox):
    return sorted(address for item in mailbox.messages for address in item["to"])


def test_the_worker_sends_each_follower_one_email(queued):
    confirmed_followers(ADDRESSES)
    story = f.story(title="Queued news", live=False)
    f.publish(story)
    assert queued.messages == [], "nothing is sent in the request that publishes"
    assert DBTaskResult.objects.ready().filter(task_path=ANNOUNCE).count() == 1
    run_worker_once()
    assert received(queued) == sorted(ADDRESSES)
    assert to(queued, "one@example.com")[0]["Subject"] == "New on Backend Journeys: Queued news"


def test_a_worker_stopped_in_the_middle_and_started_again_sends_nobody_a_second_copy(queued):
    """SIGTERM (a deploy, a restart) arrives while the first email is being accepted: the
    worker finishes that task and stops; the next worker sends the rest, and the
    announcement, run again as after a crash, sends nothing more."""
    confirmed_followers(ADDRESSES)
    story = f.story(title="Restarted", live=False)
    f.publish(story)

    def stop_the_worker_on_first_message(mailbox):
        if len(mailbox.messages) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    queued.received = stop_the_worker_on_first_message
    said = run_worker_once()
    queued.received = None
    assert "SIGTERM: stopping after the current task" in said
    assert len(queued.messages) == 1, "it stopped after the task that was running"

    # The announcement runs again (a worker that died has it re-queued), twice over.
    DBTaskResult.objects.filter(task_path=ANNOUNCE).update(status="READY", finished_at=None)
    announce_piece.enqueue(story.pk)
    run_worker_once()
    assert received(queued) == sorted(ADDRESSES), "each follower once, nobody twice"
    assert Delivery.objects.count() == 3
    run_worker_once()
    assert received(queued) == sorted(ADDRESSES)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two worker processes share a PostgreSQL database"
)
def test_two_workers_at_once_send_each_follower_one_email(queued, settings):
    confirmed_followers(ADDRESSES)
    story = f.story(title="Raced", live=False)
    f.publish(story)
    for _ in range(3):  # the announcement three times: as many as there are chances to race
        announce_piece.enqueue(story.pk)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=ROOT,
            env={**worker_environment(), "TEST_SMTP_PORT": str(settings.EMAIL_PORT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    assert received(queued) == sorted(ADDRESSES), outputs
    assert DBTaskResult.objects.filter(task_path=ANNOUNCE, status="SUCCESSFUL").count() == 4
