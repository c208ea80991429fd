"""Mail through the queue: the request that sends it only enqueues, the worker delivers it
through a real SMTP server, a server that never answers or refuses costs a retry later, and
the action that sent the mail stands whatever happens to it."""

import logging
import time

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.tests.helpers import CHECK_EMAIL_URL, confirm, confirm_path, sign_up
from blog.tests import factories as f
from editorial.tests.test_notifications import decide, submit

from .servers import Mailbox, silent_server, smtp_server

# The worker runs in this process and claims tasks in transactions of its own.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELIVER = "worker.mail.deliver_email"


def queued_mail():
    return DBTaskResult.objects.filter(task_path=DELIVER)


def test_a_message_arrives_as_it_was_written(queue, run_worker_once):
    message = EmailMultiAlternatives(
        "Über the queue", "Plain text", "Editors <editors@example.com>",
        ["writer@example.com"], bcc=["archive@example.com"], cc=["editor@example.com"],
        reply_to=["reply@example.com"], headers={"Auto-Submitted": "auto-generated"},
    )  # fmt: skip
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("notes.txt", b"\x00binary\xff", "application/octet-stream")
    assert message.send() == 1
    assert mail.outbox == [], "enqueued, not sent"
    run_worker_once()
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == (
        "Über the queue",
        "Plain text",
        "Editors <editors@example.com>",
    )
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["writer@example.com"], ["editor@example.com"], ["archive@example.com"],
        ["reply@example.com"],
    )  # fmt: skip
    assert sent.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert list(sent.alternatives) == [("<p>HTML</p>", "text/html")]
    assert sent.attachments[0][:2] == ("notes.txt", b"\x00binary\xff")


def test_approve_returns_at_once_with_the_mail_server_silent_and_the_mail_goes_later(
    client,
    team,
    smtp_settings,
    run_worker_once,
    caplog,
):
    page = f.story(title="Nine years of CSS", owner=team["writer"], live=False)
    submit(client, team["writer"], page)
    queued_mail().delete()  # the editors' review requests: this test follows the writer's mail

    with silent_server(smtp_settings.EMAIL_PORT):
        started = time.monotonic()
        decide(client, team["editor2"], page, "approve", "Lovely piece, thank you!")
        took = time.monotonic() - started
        assert took < 1, f"the approval took {took:.2f} s"
        assert page.live
        client.logout()
        assert "Nine years of CSS" in client.get(page.url).content.decode()
        [waiting] = queued_mail()

        # The worker tries while the server says nothing: EMAIL_TIMEOUT, then a retry later.
        with caplog.at_level(logging.WARNING, logger="worker.mail"):
            run_worker_once()
        assert "Could not send" in caplog.text and "attempt 1 of 3" in caplog.text
        waiting.refresh_from_db()
        assert waiting.status == "SUCCESSFUL"
        [retry] = queued_mail().filter(status="READY")
        assert retry.args_kwargs["args"][1] == 2  # the second attempt

    with smtp_server(smtp_settings.EMAIL_PORT, Mailbox()) as mailbox:
        run_worker_once()  # the retry's time has not come: nothing is sent
        assert mailbox.messages == []
        time.sleep(max(0.0, (retry.run_after - retry.enqueued_at).total_seconds()) + 0.2)
        run_worker_once()
        run_worker_once()  # and nothing twice

    [received] = mailbox.messages
    assert received["to"] == ["writer@example.com"]
    assert received["message"]["Subject"] == 'Published: "Nine years of CSS"'
    assert "Lovely piece, thank you!" in received["message"].get_content()
    assert not queued_mail().filter(status="READY").exists()
    page.refresh_from_db()
    assert page.live, "the failed attempts never undid the approval"


def test_a_refused_connection_is_retried_then_given_up_with_an_error(
    smtp_settings, run_worker_once, caplog
):
    smtp_settings.EMAIL_RETRY_SECONDS = 0  # every attempt within one round
    assert mail.send_mail("Hello", "Body", None, ["ada@example.com"]) == 1
    with caplog.at_level(logging.WARNING, logger="worker.mail"):
        run_worker_once()  # nothing listens on the port
    attempts = [r for r in caplog.records if r.name == "worker.mail"]
    assert [r.levelname for r in attempts] == ["WARNING", "WARNING", "ERROR"]
    assert 'Gave up sending "Hello" to 1 recipient(s) after attempt 3' in attempts[-1].message
    assert [task.status for task in queued_mail().order_by("enqueued_at")] == [
        "SUCCESSFUL", "SUCCESSFUL", "FAILED"
    ]  # fmt: skip


def test_a_permanent_refusal_is_not_retried(smtp_settings, run_worker_once, caplog):
    mail.send_mail("Hello", "Body", None, ["nobody@example.com"])
    refusing = smtp_server(smtp_settings.EMAIL_PORT, Mailbox(refuse_recipients=True))
    with refusing as mailbox, caplog.at_level(logging.WARNING, logger="worker.mail"):
        run_worker_once()
    assert mailbox.messages == []
    assert "Gave up sending" in caplog.text and "after attempt 1" in caplog.text
    assert list(queued_mail().values_list("status", flat=True)) == ["FAILED"]


def test_sign_up_mail_goes_through_the_queue(client, queue, run_worker_once):
    response = sign_up(client, email="ada@example.com")
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    assert mail.outbox == []
    assert queued_mail().count() == 1
    run_worker_once()
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "Confirm your address" in message.subject
    response = confirm(client, confirm_path(message))
    assert response.status_code == 302  # signed in, on the way to the profile step
    assert response["Location"] == reverse("accounts:profile")
