"""Failed sign-ins on the admin login lock the account and the client address for a while,
through real POSTs to /admin/login/ (our LoginForm, counted in the cache)."""

import logging
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from accounts import lockout

from .helpers import STRONG_PASSWORD, count_hashes, sign_up

pytestmark = pytest.mark.django_db

User = get_user_model()
LOGIN = "/admin/login/"
WRONG = "not-the-password-at-all"
MISMATCH = "didn't match"
LOCKED = "Too many failed sign-in attempts. Try again in 15 minutes."


def log_in(client, username, password, *, ip="198.51.100.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


def text(response):
    """What the page says, as a person reads it."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def ada():
    return User.objects.create_user("ada@example.com", "ada@example.com", STRONG_PASSWORD)


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward, as the cache and the lock both see it."""
    real = time.time
    offset = {"seconds": 0}
    monkeypatch.setattr(time, "time", lambda: real() + offset["seconds"])

    def move(seconds):
        offset["seconds"] += seconds

    return move


def test_twenty_failures_lock_the_account_even_against_the_right_password(client, ada):
    for n in range(lockout.ACCOUNT_LIMIT - 1):
        response = log_in(client, "ada@example.com", WRONG)
        assert response.status_code == 200
        assert MISMATCH in text(response), n
        assert "Too many" not in text(response), n
    # The twentieth failure already says so.
    response = log_in(client, "ada@example.com", WRONG)
    assert response.status_code == 200
    assert LOCKED in text(response)
    assert MISMATCH not in text(response)

    response = log_in(client, "ada@example.com", STRONG_PASSWORD)
    assert response.status_code == 200
    assert LOCKED in text(response)
    assert b'name="username"' in response.content, "the form is shown again"
    assert not signed_in(client)


def test_the_account_is_locked_from_every_address_and_others_are_not(client, ada):
    User.objects.create_user("grace@example.com", "grace@example.com", STRONG_PASSWORD)
    for n in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "ada@example.com", WRONG, ip=f"203.0.113.{n}")
    assert LOCKED in text(log_in(client, "ada@example.com", STRONG_PASSWORD, ip="192.0.2.99"))
    assert not signed_in(client)
    # Another account, from an address that failed for Ada, signs in.
    assert log_in(client, "grace@example.com", STRONG_PASSWORD, ip="203.0.113.1").status_code == 302
    assert signed_in(client)


def test_case_and_spaces_do_not_make_another_account(client, ada):
    User.objects.create_user("Admin", "admin@example.com", STRONG_PASSWORD)
    spellings = ["admin", "ADMIN", " Admin ", "aDmIn"]
    for n in range(lockout.ACCOUNT_LIMIT):
        log_in(client, spellings[n % len(spellings)], WRONG, ip=f"203.0.113.{n}")
    assert LOCKED in text(log_in(client, "Admin", STRONG_PASSWORD))
    for n in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "ADA@Example.com" if n % 2 else "ada@example.com", WRONG)
    assert LOCKED in text(log_in(client, "ada@example.com", STRONG_PASSWORD))


def test_a_username_nobody_has_locks_the_same_way(client):
    """A lock tells nobody whether the account exists."""
    for _ in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "nobody@example.com", WRONG)
    response = log_in(client, "nobody@example.com", WRONG)
    assert response.status_code == 200
    assert LOCKED in text(response)


def test_the_lock_ends_and_the_message_counts_down(client, ada, later):
    for _ in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "ada@example.com", WRONG)
    later(10 * 60)
    response = log_in(client, "ada@example.com", STRONG_PASSWORD)
    assert "Too many failed sign-in attempts. Try again in 5 minutes." in text(response)
    later(4 * 60 + 30)
    response = log_in(client, "ada@example.com", STRONG_PASSWORD)
    assert "Too many failed sign-in attempts. Try again in 1 minute." in text(response)
    assert not signed_in(client)

    later(31)
    response = log_in(client, "ada@example.com", STRONG_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_after_a_lock_the_count_starts_again(client, ada, later):
    for _ in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "ada@example.com", WRONG)
    later(lockout.LOCK_SECONDS + 1)
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        assert MISMATCH in text(log_in(client, "ada@example.com", WRONG))
    assert LOCKED in text(log_in(client, "ada@example.com", WRONG))


def test_failures_from_one_address_lock_it_for_every_account(client, ada):
    for n in range(lockout.ADDRESS_LIMIT - 1):
        response = log_in(client, f"person{n}@example.com", WRONG)
        assert MISMATCH in text(response), n
    response = log_in(client, "someone.else@example.com", WRONG)
    assert LOCKED in text(response)
    # Even Ada's right password, from there, and whatever X-Forwarded-For claims.
    response = log_in(client, "ada@example.com", STRONG_PASSWORD, HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert LOCKED in text(response)
    assert not signed_in(client)
    # From elsewhere Ada signs in.
    assert log_in(client, "ada@example.com", STRONG_PASSWORD, ip="192.0.2.5").status_code == 302


def test_an_ipv6_client_is_one_address_for_its_whole_64(client, ada):
    for n in range(lockout.ADDRESS_LIMIT):
        log_in(client, f"person{n}@example.com", WRONG, ip=f"2001:db8:5:6::{n + 1:x}")
    response = log_in(client, "ada@example.com", STRONG_PASSWORD, ip="2001:db8:5:6:ffff::9")
    assert LOCKED in text(response)
    response = log_in(client, "ada@example.com", STRONG_PASSWORD, ip="2001:db8:5:7::1")
    assert response.status_code == 302


def test_signing_in_to_ones_own_account_does_not_buy_more_guesses(client, ada):
    for n in range(lockout.ADDRESS_LIMIT - 1):
        log_in(client, f"person{n}@example.com", WRONG)
    assert log_in(client, "ada@example.com", STRONG_PASSWORD).status_code == 302
    client.logout()
    assert LOCKED in text(log_in(client, "victim@example.com", WRONG))


def test_a_right_password_forgives_the_accounts_own_typos(client, ada):
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        log_in(client, "ada@example.com", WRONG)
    assert log_in(client, "ada@example.com", STRONG_PASSWORD).status_code == 302
    client.logout()
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        assert MISMATCH in text(log_in(client, "ada@example.com", WRONG))
    assert log_in(client, "ada@example.com", STRONG_PASSWORD).status_code == 302


def test_an_empty_password_is_not_a_guess(client, ada):
    for _ in range(lockout.ACCOUNT_LIMIT * 2):
        assert log_in(client, "ada@example.com", "").status_code == 200
    assert log_in(client, "ada@example.com", STRONG_PASSWORD).status_code == 302


def test_a_lock_is_logged_with_the_username_and_the_client(client, ada, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.lockout"):
        for _ in range(lockout.ACCOUNT_LIMIT):
            log_in(client, "ada@example.com\nforged line", WRONG, ip="198.51.100.7")
    [record] = [r for r in caplog.records if r.name == "accounts.lockout"]
    message = record.getMessage()
    assert "Sign-in locked for 15 minutes after 20 failures" in message
    assert "'ada@example.com\\nforged line'" in message
    assert "198.51.100.7" in message
    assert "\n" not in message


def test_a_locked_sign_in_costs_no_password_hash(client, ada, monkeypatch):
    for _ in range(lockout.ACCOUNT_LIMIT):
        log_in(client, "ada@example.com", WRONG)
    hashes = count_hashes(monkeypatch)
    log_in(client, "ada@example.com", STRONG_PASSWORD)
    assert hashes == []


def test_a_failed_sign_in_costs_the_same_whoever_the_username_is(client, mailoutbox, monkeypatch):
    """Nobody can tell a pending sign-up, a switched-off account, an active one or no
    account at all from how long a wrong password takes."""
    sign_up(client, email="pending@example.com")
    User.objects.create_user("active@example.com", "active@example.com", STRONG_PASSWORD)
    User.objects.create_user("off@example.com", "off@example.com", "x-1", is_active=False)
    hashes = count_hashes(monkeypatch)
    counts = {}
    for username in ["pending@example.com", "active@example.com", "off@example.com", "nobody"]:
        hashes.clear()
        response = log_in(client, username, WRONG)
        assert MISMATCH in text(response), username
        counts[username] = len(hashes)
    assert len(set(counts.values())) == 1, counts


def test_a_pending_sign_up_with_its_right_password_is_told_to_confirm(client, mailoutbox):
    sign_up(client, email="pending@example.com")
    response = log_in(client, "pending@example.com", STRONG_PASSWORD)
    assert "This account is not confirmed yet." in text(response)
    assert not signed_in(client)
