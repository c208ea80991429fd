"""Confirmation tokens: signed, salted, expiring, and bound to one account's state."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.core import signing

from accounts import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        "ada@example.com", "ada@example.com", "mellow-otter-carries-lanterns", is_active=False
    )


def made_at(monkeypatch, when, user):
    with monkeypatch.context() as patch:
        patch.setattr(signing, "time", SimpleNamespace(time=lambda: when))
        return tokens.make_confirm_token(user)


def test_round_trip(user):
    user_pk, fingerprint = tokens.read_confirm_token(tokens.make_confirm_token(user))
    assert user_pk == user.pk
    assert tokens.token_matches(user, fingerprint)


def test_token_holds_no_address(user):
    token = tokens.make_confirm_token(user)
    payload = signing.b64_decode(token.split(":")[0].encode())
    assert b"ada" not in payload and b"example" not in payload


def test_valid_until_the_max_age(monkeypatch, user):
    token = made_at(monkeypatch, time.time() - tokens.CONFIRM_MAX_AGE.total_seconds() + 60, user)
    assert tokens.read_confirm_token(token)[0] == user.pk


def test_expires_after_the_max_age(monkeypatch, user):
    token = made_at(monkeypatch, time.time() - tokens.CONFIRM_MAX_AGE.total_seconds() - 60, user)
    with pytest.raises(tokens.ExpiredTokenError):
        tokens.read_confirm_token(token)


def test_max_age_is_a_module_constant(monkeypatch, user):
    token = tokens.make_confirm_token(user)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    with pytest.raises(tokens.ExpiredTokenError):
        tokens.read_confirm_token(token)


def test_expired_is_a_kind_of_invalid():
    assert issubclass(tokens.ExpiredTokenError, tokens.InvalidTokenError)


def test_tampered_or_foreign_tokens_are_invalid(user):
    token = tokens.make_confirm_token(user)
    for bad in [
        token[:-2] + ("xx" if not token.endswith("xx") else "yy"),
        token.replace(":", ";"),
        "",
        ":::",
        signing.dumps({"u": user.pk, "f": "x"}, salt="another.salt"),
        signing.dumps({"u": user.pk, "f": "x"}, salt=tokens.SALT, key="another-key" * 5),
        signing.dumps("just a string", salt=tokens.SALT),
        signing.dumps({"u": True, "f": "x"}, salt=tokens.SALT),
    ]:
        with pytest.raises(tokens.InvalidTokenError):
            tokens.read_confirm_token(bad)


def test_changing_the_tampered_expired_token_is_invalid_not_expired(monkeypatch, user):
    token = made_at(monkeypatch, time.time() - 10 * 86400, user)
    with pytest.raises(tokens.InvalidTokenError) as raised:
        tokens.read_confirm_token(token[:-1] + ("a" if token[-1] != "a" else "b"))
    assert type(raised.value) is tokens.InvalidTokenError


def test_fingerprint_follows_the_account(user, django_user_model):
    _, fingerprint = tokens.read_confirm_token(tokens.make_confirm_token(user))
    user.email = "someone.else@example.com"
    assert not tokens.token_matches(user, fingerprint)
    other = django_user_model.objects.create_user("grace@example.com", "grace@example.com", "x")
    assert not tokens.token_matches(other, fingerprint)


def test_valid_days():
    assert tokens.valid_days() == 3
