"""Every email leaves through the task queue, so no request waits for a mail server.

``EMAIL_BACKEND`` is ``QueuedEmailBackend`` in every environment: Django's ``send_mail``,
Wagtail's workflow notifications and password resets all reach it. It turns each message
into plain data and enqueues ``deliver_email``; the request that sent it (an editor's
approval, a sign-up) only writes a row. The worker (``manage.py run_worker``) then sends the
message with ``EMAIL_DELIVERY_BACKEND``, the SMTP server in production.

A mail server that refuses, drops or never answers costs the worker one attempt, bounded by
``EMAIL_TIMEOUT``, and never undoes the action that sent the mail. Each failure is logged and
tried again later: ``EMAIL_RETRY_SECONDS``, then twice as long each time, at most
``EMAIL_MAX_ATTEMPTS`` attempts. django-tasks 0.12 has no retries of its own, so a retry is
the same task enqueued again with ``run_after`` and the next attempt number. An answer that
says the message will never be taken (a 5xx code) is not retried.
"""

import base64
import datetime
import logging
import smtplib
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# A refused or dropped connection and a server that never answers (TimeoutError) are OSError.
RETRYABLE = (smtplib.SMTPException, OSError)


def message_to_data(message):
    """What a task's arguments can carry (JSON): everything the message says, nothing else."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("The mail queue carries attachments given as (name, content, type).")
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            content = {"base64": base64.b64encode(content).decode("ascii")}
        attachments.append([filename, content, mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
        "encoding": message.encoding if isinstance(message.encoding, str) else None,
        "attachments": attachments,
    }


def message_from_data(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    message.encoding = data["encoding"]
    for filename, content, mimetype in data["attachments"]:
        if isinstance(content, dict):
            content = base64.b64decode(content["base64"])
        message.attach(filename, content, mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueues each message for the worker; returns how many were enqueued."""

    def send_messages(self, email_messages):
        enqueued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(message_to_data(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not enqueue the email %r", str(message.subject))
                continue
            enqueued += 1
        return enqueued


def is_permanent(error):
    """The server said it will never take this message: trying again cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def retry_delay(attempt):
    """Seconds before the attempt after ``attempt``: the base delay, doubled each time."""
    return settings.EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)


@task()
def deliver_email(message, attempt=1):
    """Send one queued message with the real backend; on failure, enqueue the next attempt."""
    email = message_from_data(message)
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([email])
    except RETRYABLE as error:
        described = f'"{message["subject"]}" to {len(email.recipients())} recipient(s)'
        backend = deliver_email.get_backend()
        if (
            is_permanent(error)
            or attempt >= settings.EMAIL_MAX_ATTEMPTS
            or not backend.supports_defer
        ):
            logger.error("Gave up sending %s after attempt %d: %r", described, attempt, error)
            raise
        delay = retry_delay(attempt)
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        deliver_email.using(run_after=run_after).enqueue(message, attempt + 1)
        logger.warning(
            "Could not send %s (attempt %d of %d): %r; trying again in %d s",
            described, attempt, settings.EMAIL_MAX_ATTEMPTS, error, delay,
        )  # fmt: skip
        return {"sent": False, "attempt": attempt, "retry_in_seconds": delay}
    logger.info('Sent "%s" (attempt %d)', message["subject"], attempt)
    return {"sent": True, "attempt": attempt}
