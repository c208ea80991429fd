"""Helpers for the sign-up and sign-in tests: post the form, read the link out of an email,
take a snapshot of everything a refused request must leave alone, count password hashes."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from wagtail.models import Page

from accounts.models import ContributorSignup

STRONG_PASSWORD = "mellow-otter-carries-lanterns"
SIGNUP_URL = "/write-for-us/"
CHECK_EMAIL_URL = "/write-for-us/check-your-email/"
LOGIN_URL = "/admin/login/?next=/admin/write/"
PROFILE_URL = "/write-for-us/profile/"
WRITE_URL = "/admin/write/"
LINK = re.compile(r"http://testserver(/write-for-us/confirm/[^/\s]+/)")


def sign_up(client, *, ip="203.0.113.7", **fields):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "password": STRONG_PASSWORD,
        "honeypot": "",
    }
    data.update(fields)
    data.setdefault("password_confirm", data["password"])
    return client.post(SIGNUP_URL, data, REMOTE_ADDR=ip)


def confirm(client, path, password=STRONG_PASSWORD, *, ip="203.0.113.7"):
    """Follow the emailed link and press the button, as the address's owner does: in the
    browser that signed up (``client`` keeps its cookie) the password is not asked for
    and is ignored; in another browser (a fresh ``Client()``) it is the one checked."""
    return client.post(path, {"password": password}, REMOTE_ADDR=ip)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def confirm_path(message):
    """The confirmation link's path, read from a sent email's plain-text body."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def snapshot():
    """What a refused request must leave unchanged."""
    User = get_user_model()
    return {
        "users": User.objects.count(),
        "active": User.objects.filter(is_active=True).count(),
        "pages": Page.objects.count(),
        "signups": ContributorSignup.objects.count(),
        "confirmed": ContributorSignup.objects.exclude(confirmed_at=None).count(),
        "passwords": sorted(User.objects.values_list("password", flat=True)),
    }


def count_hashes(monkeypatch):
    """Every password hash the test settings' hasher computes, as a list that grows.

    Equal work is asserted by counting hashes, never by timing: a hash is what costs
    hundreds of milliseconds with the production hasher."""
    calls = []
    real = MD5PasswordHasher.encode

    def encode(self, password, salt):
        calls.append(password)
        return real(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", encode)
    return calls
