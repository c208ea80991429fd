"""Sign-up mail leaves after the answer: the response is complete before anything is sent,
so what an address is sent (a link, a note or nothing) cannot show in the answer's time."""

import logging
import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend

from accounts import views

from .helpers import CHECK_EMAIL_URL, SIGNUP_URL, STRONG_PASSWORD, sign_up

pytestmark = pytest.mark.django_db

User = get_user_model()


def post_without_closing(rf, email):
    """The view's answer as a WSGI server holds it after writing it out, before close()."""
    data = {
        "name": "Ada Lovelace", "email": email,
        "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD,
    }  # fmt: skip
    return views.signup(rf.post(SIGNUP_URL, data, REMOTE_ADDR="203.0.113.7"))


@pytest.mark.parametrize(
    ("email", "subject"),
    [("new@example.com", "Confirm your address"), ("known@example.com", "tried to sign up")],
)
def test_mail_is_sent_when_the_server_closes_the_answer(rf, mailoutbox, email, subject):
    User.objects.create_user("known@example.com", "known@example.com", "x-original-1")
    response = post_without_closing(rf, email)
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    assert mailoutbox == [], "nothing is sent while the answer is on its way"
    response.close()
    [message] = mailoutbox
    assert message.to == [email]
    assert subject in message.subject
    response.close()  # a server may close twice; the mail went once
    assert len(mailoutbox) == 1


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_refused_mail_is_logged_and_the_answer_stands(client, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="accounts.mail"):
        response = sign_up(client, email="ada@example.com")
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    assert "Could not send the confirm email" in caplog.text
    assert User.objects.filter(username="ada@example.com").exists()


def test_without_an_outbox_the_service_sends_at_once(mailoutbox):
    """Other callers (a command, a shell) need no response to get the mail out."""
    from accounts import services

    services.contributor_register(
        name="Ada", email="ada@example.com", password=STRONG_PASSWORD, ip="192.0.2.1"
    )
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]


def test_email_links_use_the_configured_base_url(client, settings, mailoutbox):
    """``make run`` sets SITE_BASE_URL from PORT (see demo's tests): the links follow it."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9000"
    sign_up(client, email="ada@example.com")
    [message] = mailoutbox
    links = re.findall(r"https?://\S+", message.body)
    assert links, message.body
    assert all(link.startswith("http://127.0.0.1:9000/") for link in links), links
    assert "http://127.0.0.1:9000/write-for-us/confirm/" in message.body
