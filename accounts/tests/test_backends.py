"""Every password sign-in, through the real admin pages and authenticate(): a username need
not be an email address (such a person signs in with either, and resets a forgotten password
by their address), and every caller is held to the sign-in lock, not only the login forms."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed

from accounts import lockout
from editorial.roles import EDITORS

from .helpers import STRONG_PASSWORD, count_hashes

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "mellow-otter-carries-lanterns"
RESET_LINK = re.compile(r"http://testserver(/admin/password_reset/confirm/\S+/)")


@pytest.fixture
def amina():
    user = get_user_model().objects.create_user(
        "amina", "Amina.W@Example.org", PASSWORD, first_name="Amina"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def signed_in_as(client, identifier, password=PASSWORD):
    """Who the admin login form signs in for ``identifier``, or ``None``."""
    client.logout()
    response = client.post(LOGIN, {"username": identifier, "password": password})
    if response.status_code != 302:
        assert b"enter a correct username and password" in response.content.lower() or (
            b"didn&#x27;t match" in response.content
        )
        return None
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_the_username_or_the_address_in_any_case_signs_in(client, amina):
    for identifier in ["amina", "Amina", "amina.w@example.org", " AMINA.W@EXAMPLE.ORG "]:
        assert signed_in_as(client, identifier) == amina, identifier
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_or_an_inactive_account_signs_nobody_in(client, amina):
    assert signed_in_as(client, "amina.w@example.org", "not-the-password") is None
    assert signed_in_as(client, "nobody@example.org") is None
    amina.is_active = False
    amina.save()
    assert signed_in_as(client, "amina.w@example.org") is None
    assert signed_in_as(client, "amina") is None


def test_an_address_two_accounts_share_signs_in_by_username_only(client, amina):
    other = get_user_model().objects.create_user("amina2", "amina.w@example.org", PASSWORD)
    assert signed_in_as(client, "amina.w@example.org") is None
    assert signed_in_as(client, "amina") == amina
    assert signed_in_as(client, "amina2") == other


def test_a_username_that_looks_like_an_address_keeps_its_case(client):
    user = get_user_model().objects.create_user("Jo@Work", "jo@example.org", PASSWORD)
    assert signed_in_as(client, "Jo@Work") == user
    assert signed_in_as(client, "jo@example.org") == user


def test_a_forgotten_password_is_reset_by_address(client, amina, mailoutbox):
    response = client.post("/admin/password_reset/", {"email": "amina.w@example.org"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [amina.email]
    assert "amina" in message.body  # the username, in case it was forgotten
    link = RESET_LINK.search(message.body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "quiet-heron-folds-maps"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert signed_in_as(client, "amina.w@example.org", new_password) == amina
    assert signed_in_as(client, "amina.w@example.org", PASSWORD) is None


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


def test_the_username_and_the_address_share_one_lock(client, amina):
    for n in range(lockout.ACCOUNT_LIMIT - 1):
        identifier = "amina" if n % 2 else "AMINA.W@example.org"
        assert signed_in_as(client, identifier, "not-the-password") is None
    client.post(LOGIN, {"username": "Amina", "password": "not-the-password"})
    response = client.post(LOGIN, {"username": "amina", "password": PASSWORD})
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
