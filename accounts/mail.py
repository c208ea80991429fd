"""The emails of "Write for us", and a way to send them after the answer has gone out.

A sign-up must answer in the same time whatever the address: a new or pending one gets a
confirmation link, a known one a note, a switched-off one nothing, and an SMTP server takes
from milliseconds to seconds to accept a message. So the sign-up view collects its mail in an
``Outbox`` and hands it to ``SeeOtherThenSend``, which sends it when the server closes the
response: WSGI servers call ``close()`` once the whole answer is written to the client.
Sending is enqueueing (worker/mail.py: the worker talks to the mail server), which still
takes a database write that only some addresses cause, so it too waits for ``close()``.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _links():
    return {
        "signup_url": absolute(reverse("accounts:signup")),
        "login_url": absolute(reverse("wagtailadmin_login")),
        "reset_url": absolute(reverse("wagtailadmin_password_reset")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def send(template, *, to, **context):
    """Render ``accounts/email/<template>`` and send it; a refusal is logged, not raised."""
    context = {**_links(), **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    subject = " ".join(subject.split())
    body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError):
        # The answer must not differ by address; a person can sign up again to retry.
        logger.exception("Could not send the %s email", template)


class Outbox:
    """Emails to send later, in the order they were added."""

    def __init__(self):
        self._pending = []

    def add(self, template, *, to, **context):
        self._pending.append((template, to, context))

    def send(self):
        pending, self._pending = self._pending, []
        for template, to, context in pending:
            send(template, to=to, **context)


class SeeOtherThenSend(HttpResponseRedirect):
    """A 303 redirect that sends its outbox once the server has written it out."""

    status_code = 303

    def __init__(self, redirect_to, *, outbox, **kwargs):
        super().__init__(redirect_to, **kwargs)
        self.outbox = outbox

    def close(self):
        try:
            self.outbox.send()
        finally:
            super().close()
