"""Helpers for the sign-up tests: post the form, read the link out of an email, and take
a snapshot of everything a refused request must leave alone."""

import re

from django.contrib.auth import get_user_model
from wagtail.models import Page

from accounts.models import ContributorSignup

STRONG_PASSWORD = "mellow-otter-carries-lanterns"
SIGNUP_URL = "/write-for-us/"
CHECK_EMAIL_URL = "/write-for-us/check-your-email/"
LOGIN_URL = "/admin/login/?next=/admin/"
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
    """Follow the emailed link and give the password, as the address's owner does."""
    return client.post(path, {"password": password}, REMOTE_ADDR=ip)


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
