"""Follow's tests send through the mail queue (worker/mail.py) to a real SMTP server on
loopback (aiosmtpd) and read what arrived."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from bench.servers import free_port
from worker.tests.servers import Mailbox, smtp_server

URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass
class FollowMailbox(Mailbox):
    """A mailbox that can do something once a message has been received (``received``)."""

    received: object = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        if self.received is not None:
            self.received(self)
        return answer


@pytest.fixture
def mailbox(settings):
    """A real SMTP server on a free loopback port; every message the worker delivers lands
    in it."""
    port = free_port()
    settings.EMAIL_BACKEND = "worker.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    box = FollowMailbox()
    with smtp_server(port, box):
        yield box


def to(mailbox, address):
    return [item["message"] for item in mailbox.messages if item["to"] == [address]]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def links(message):
    return URL.findall(text_of(message))


def unsubscribe_url(message):
    """The one address in the List-Unsubscribe header, as a mail client reads it."""
    return " ".join(str(message["List-Unsubscribe"]).split()).strip("<>")


def path_of(url):
    return url.removeprefix("http://testserver")


def ask_to_follow(client, email, *, scope="all", slug="", frequency="each", **extra):
    return client.post(
        reverse("follow:follow"),
        {"email": email, "scope": scope, "slug": slug, "frequency": frequency},
        **extra,
    )


def confirm_from_mail(client, mailbox, address):
    """Open the newest confirmation link sent to ``address`` and press its button."""
    message = to(mailbox, address)[-1]
    assert message["Subject"].startswith("Confirm to follow")
    link = next(url for url in links(message) if "/follow/confirm/" in url)
    response = client.post(path_of(link))
    assert response.status_code == 200
    return response


@pytest.fixture
def follower(client, mailbox, django_capture_on_commit_callbacks):
    """``follow(address, scope=…, slug=…, frequency=…)``: asks and confirms, as a reader
    does, through the mail."""

    def follow(address, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_to_follow(client, address, **kwargs)
        assert response.status_code == 303
        return confirm_from_mail(client, mailbox, address)

    return follow
