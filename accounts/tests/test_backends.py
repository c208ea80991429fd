"""Every caller of authenticate() is held to the lock, not only the login forms."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_login_failed

from accounts import lockout

from .helpers import STRONG_PASSWORD, count_hashes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return get_user_model().objects.create_user(
        "ada@example.com", "ada@example.com", STRONG_PASSWORD
    )


def test_authenticate_refuses_the_right_password_while_locked(rf, ada, monkeypatch):
    request = rf.post("/anywhere/", REMOTE_ADDR="198.51.100.7")
    assert authenticate(request, username="ada@example.com", password=STRONG_PASSWORD) == ada
    for _ in range(lockout.ACCOUNT_LIMIT):
        assert authenticate(request, username="ada@example.com", password="wrong") is None
    failed = []

    def record(**kwargs):
        failed.append(kwargs)

    user_login_failed.connect(record)
    hashes = count_hashes(monkeypatch)
    try:
        assert authenticate(request, username="ada@example.com", password=STRONG_PASSWORD) is None
    finally:
        user_login_failed.disconnect(record)
    assert len(failed) == 1, "Django reports the refusal like any failed sign-in"
    assert hashes == [], "a locked sign-in is refused before any password is hashed"


def test_without_a_request_the_account_is_still_counted(ada):
    for _ in range(lockout.ACCOUNT_LIMIT):
        authenticate(None, username="ADA@example.com", password="wrong")
    assert authenticate(None, username="ada@example.com", password=STRONG_PASSWORD) is None


def test_the_test_clients_login_goes_through_it_too(client, ada):
    for _ in range(lockout.ACCOUNT_LIMIT):
        assert not client.login(username="ada@example.com", password="wrong")
    assert not client.login(username="ada@example.com", password=STRONG_PASSWORD)
