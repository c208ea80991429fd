"""Following the emailed link: one button in the browser that signed up (the password
elsewhere) makes an active, signed-in Contributor with a draft author profile, once, and
every link that does not work gets a clear page."""

import datetime
import logging

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import PageLogEntry

from accounts import tokens, views
from accounts.forms import LoginForm
from accounts.models import ContributorSignup
from blog.models import AuthorPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS

from .helpers import (
    LOGIN_URL,
    PROFILE_URL,
    STRONG_PASSWORD,
    WRITE_URL,
    confirm,
    confirm_path,
    sign_up,
    signed_in_user_id,
    snapshot,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def signed_up_link(client, mailoutbox, **fields):
    sign_up(client, **fields)
    return confirm_path(mailoutbox[-1])


def messages_of(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_sign_up_confirm_log_in_and_write(client, mailoutbox, authors):
    """The whole journey with one password: form, email, link, one button (signed in),
    the profile step, Write."""
    response = sign_up(client, name="Ada Lovelace", email="Ada@Example.com")
    assert response.status_code == 303
    [message] = mailoutbox
    path = confirm_path(message)

    form = BeautifulSoup(client.get(path).content, "html.parser")
    assert form.select_one("h1").text == "Confirm your address"
    assert form.select_one("input[type=password]") is None, "no second password"
    assert form.select_one("main form button").text.strip() == "Confirm and start writing"
    assert not User.objects.get().is_active, "opening the link alone confirms nothing"

    response = client.post(path, REMOTE_ADDR="203.0.113.7")  # the button: no field at all
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert messages_of(response) == [("success", views.WELCOME_MESSAGE)]
    user = User.objects.get()
    assert signed_in_user_id(client) == str(user.pk), "signed in by the confirmation"

    assert user.is_active
    assert user.groups.filter(name=CONTRIBUTORS).exists()
    assert ContributorSignup.objects.get(user=user).confirmed_at is not None
    profile = AuthorPage.objects.get()
    assert profile.user == user
    assert profile.owner == user
    assert profile.title == "Ada Lovelace"
    assert profile.slug == "ada-lovelace"
    assert not profile.live
    assert profile.get_parent().specific == authors
    assert profile.latest_revision is not None
    assert profile.latest_revision.user == user
    assert PageLogEntry.objects.filter(page=profile, user=user, action="wagtail.edit").exists()

    # Drafts stay out of sight of readers.
    listing = client.get("/authors/")
    assert listing.status_code == 200
    assert b"Ada Lovelace" not in BeautifulSoup(listing.content, "html.parser").main.encode()
    assert client.get("/authors/ada-lovelace/").status_code == 404

    # The profile step, then Write; the profile is theirs to edit in the admin too.
    step = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert step.select_one("input[name=name]")["value"] == "Ada Lovelace"
    response = client.post(PROFILE_URL, {"name": "Ada Lovelace", "bio": ""})
    assert response["Location"] == WRITE_URL
    assert client.get(WRITE_URL).status_code == 200
    assert client.get(f"/admin/pages/{profile.pk}/edit/").status_code == 200

    # Later, the one password opens the admin.
    client.logout()
    response = client.post(LOGIN_URL, {"username": "ada@example.com", "password": STRONG_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == WRITE_URL


def test_a_mail_scanner_opening_the_link_confirms_nothing(client, mailoutbox, authors):
    """Scanners GET (and HEAD) every link in a message; only the button's POST confirms."""
    path = signed_up_link(client, mailoutbox)
    before = snapshot()
    scanner = Client()
    for _ in range(3):
        assert scanner.get(path).status_code == 200
        assert client.get(path).status_code == 200
    assert client.head(path).status_code == 405
    assert snapshot() == before
    assert signed_in_user_id(client) is None


def test_in_another_browser_the_link_asks_for_the_password_once(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    other = Client()
    page = BeautifulSoup(other.get(path).content, "html.parser")
    assert page.select_one("input[type=password][name=password]") is not None
    assert "another browser" in page.select_one(".lede").text

    assert confirm(other, path, "not-what-i-chose").status_code == 400
    assert signed_in_user_id(other) is None
    assert not User.objects.get().is_active
    response = confirm(other, path)
    assert response["Location"] == PROFILE_URL
    assert signed_in_user_id(other) == str(User.objects.get().pk)


def test_unconfirmed_account_cannot_log_in(client, mailoutbox):
    sign_up(client, email="ada@example.com")
    response = client.post(
        "/admin/login/", {"username": "ada@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 200
    assert LoginForm.unconfirmed_message.encode() in response.content
    assert "_auth_user_id" not in client.session


def test_confirming_twice_changes_nothing(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    confirm(client, path)
    before = snapshot()
    # Signed in, the link leads to Write; in another browser, to the login page.
    assert client.get(path)["Location"] == WRITE_URL
    other = Client()
    response = other.get(path)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert messages_of(response) == [
        ("info", "Your address is already confirmed. Log in to start writing.")
    ]
    assert confirm(Client(), path)["Location"] == LOGIN_URL
    assert snapshot() == before
    assert AuthorPage.objects.count() == 1
    assert "_auth_user_id" not in other.session


def test_old_link_does_not_switch_a_deactivated_account_back_on(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    confirm(client, path)
    User.objects.update(is_active=False)
    before = snapshot()
    assert client.get(path).status_code == 302
    assert Client().post(path).status_code == 302
    assert snapshot() == before
    assert not User.objects.get().is_active


def test_signing_up_again_replaces_the_password_and_the_link(client, mailoutbox, authors):
    first = signed_up_link(client, mailoutbox)
    laptop = Client()  # signs up again, elsewhere, with another password
    again = signed_up_link(laptop, mailoutbox, password="other-long-passphrase")
    assert_refused(client.get(first), expired=False)
    # The first browser's cookie was for the first password: the new link asks for one.
    page = BeautifulSoup(client.get(again).content, "html.parser")
    assert page.select_one("input[type=password][name=password]") is not None
    assert confirm(client, again, STRONG_PASSWORD).status_code == 400
    assert confirm(client, again, "other-long-passphrase")["Location"] == PROFILE_URL
    assert AuthorPage.objects.count() == 1
    assert User.objects.get().check_password("other-long-passphrase")


def test_a_wrong_password_confirms_nothing(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    before = snapshot()
    response = confirm(Client(), path, "not-what-i-chose")
    assert response.status_code == 400
    assert b"That is not the password chosen when signing up." in response.content
    assert snapshot() == before


def test_nobody_can_pre_register_someone_elses_address(client, mailoutbox, authors):
    """An attacker signs up with the victim's address: the link goes to the victim, who
    does not know the attacker's password, so opening it cannot switch the account on.
    The victim signs up with their own password and owns the account."""
    attacker, victim = Client(), client
    sign_up(attacker, email="victim@example.com", password="attackers-own-passphrase")
    attackers_link = confirm_path(mailoutbox[-1])
    # The victim's browser never signed up: the button alone confirms nothing.
    page = BeautifulSoup(victim.get(attackers_link).content, "html.parser")
    assert page.select_one("input[type=password][name=password]") is not None
    assert victim.post(attackers_link).status_code == 400
    assert confirm(victim, attackers_link, STRONG_PASSWORD).status_code == 400
    assert not User.objects.get().is_active
    assert signed_in_user_id(victim) is None

    victims_link = signed_up_link(victim, mailoutbox, email="victim@example.com")
    assert_refused(victim.get(attackers_link), expired=False)
    assert_refused(attacker.post(attackers_link), expired=False)
    assert confirm(victim, victims_link)["Location"] == PROFILE_URL
    assert signed_in_user_id(attacker) is None
    user = User.objects.get()
    assert user.is_active and user.check_password(STRONG_PASSWORD)
    assert not user.check_password("attackers-own-passphrase")


def assert_refused(response, *, expired):
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    [h1] = page.select("h1")
    if expired:
        assert "expired" in h1.text
    else:
        assert "does not work" in h1.text
    again = page.select_one('main a[href="/write-for-us/"]')
    assert again is not None and "Sign up again" in again.text


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: token.split(":")[0],  # cut short
        lambda token: "not-a-token",
        lambda token: "é" * 300,
    ],
    ids=["signature", "payload", "cut-short", "garbage", "long-unicode"],
)
def test_tampered_link_is_refused(client, mailoutbox, authors, mangle):
    path = signed_up_link(client, mailoutbox)
    token = path.rstrip("/").rsplit("/", 1)[1]
    before = snapshot()
    response = client.get(f"/write-for-us/confirm/{mangle(token)}/")
    assert_refused(response, expired=False)
    assert snapshot() == before


def test_token_signed_for_something_else_is_refused(client, mailoutbox):
    from django.core import signing

    sign_up(client)
    user = User.objects.get()
    before = snapshot()
    for token in [
        signing.dumps({"u": user.pk, "f": "0" * 32}, salt=tokens.SALT),  # wrong fingerprint
        signing.dumps({"u": user.pk}, salt="some.other.salt"),
        signing.dumps([user.pk], salt=tokens.SALT),
        signing.dumps({"u": str(user.pk), "f": "x"}, salt=tokens.SALT),
    ]:
        assert_refused(client.get(f"/write-for-us/confirm/{token}/"), expired=False)
    assert snapshot() == before


def test_link_for_a_deleted_account_is_refused(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    User.objects.all().delete()
    before = snapshot()
    assert_refused(client.get(path), expired=False)
    assert snapshot() == before


def test_link_for_an_account_made_by_an_administrator_is_refused(client):
    user = User.objects.create_user("ada", email="ada@example.com", password="x", is_active=False)
    before = snapshot()
    token = tokens.make_confirm_token(user)
    assert_refused(client.get(f"/write-for-us/confirm/{token}/"), expired=False)
    assert snapshot() == before
    assert not User.objects.get().is_active


def test_expired_link_says_so_and_signing_up_again_resends(
    client, mailoutbox, authors, monkeypatch
):
    path = signed_up_link(client, mailoutbox)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    before = snapshot()
    response = client.get(path)
    assert_refused(response, expired=True)
    assert snapshot() == before
    monkeypatch.undo()

    sign_up(client)
    assert len(mailoutbox) == 2
    assert confirm(client, confirm_path(mailoutbox[-1]))["Location"] == PROFILE_URL
    assert User.objects.get().is_active


def test_head_request_confirms_nothing(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    before = snapshot()
    assert client.head(path).status_code == 405
    assert snapshot() == before


def test_same_name_twice_gets_a_numbered_slug(client, mailoutbox, authors):
    f.author(name="Ada Lovelace", slug="ada-lovelace")
    for email in ("ada@example.com", "ada.l@example.org"):
        confirm(client, signed_up_link(client, mailoutbox, name="Ada Lovelace", email=email))
    slugs = sorted(AuthorPage.objects.filter(user__isnull=False).values_list("slug", flat=True))
    assert slugs == ["ada-lovelace-2", "ada-lovelace-3"]


def test_name_without_latin_letters_still_gets_a_slug(client, mailoutbox, authors):
    confirm(client, signed_up_link(client, mailoutbox, name="李雷"))
    profile = AuthorPage.objects.get()
    assert profile.title == "李雷"
    assert profile.slug == "author"


def test_without_an_authors_index_the_account_is_still_confirmed(client, mailoutbox, caplog):
    path = signed_up_link(client, mailoutbox)
    pages_before = snapshot()["pages"]
    with caplog.at_level(logging.WARNING, logger="accounts.services"):
        response = confirm(client, path)
    assert response["Location"] == PROFILE_URL
    user = User.objects.get()
    assert user.is_active
    assert user.groups.filter(name=CONTRIBUTORS).exists()
    assert not AuthorPage.objects.exists()
    assert snapshot()["pages"] == pages_before
    assert "No author index page" in caplog.text


def test_a_failure_while_confirming_leaves_nothing_half_done(
    client, mailoutbox, authors, monkeypatch
):
    from accounts import services

    path = signed_up_link(client, mailoutbox)
    before = snapshot()

    def broken(*, user):
        raise RuntimeError("the tree is locked")

    monkeypatch.setattr(services, "author_profile_create", broken)
    with pytest.raises(RuntimeError):
        services.contributor_confirm(
            token=path.rstrip("/").rsplit("/", 1)[1], password=STRONG_PASSWORD
        )
    assert snapshot() == before
    assert not User.objects.get().groups.exists()


def test_a_switched_off_account_gets_the_generic_login_message(client, mailoutbox, authors):
    path = signed_up_link(client, mailoutbox)
    confirm(client, path)
    client.logout()
    User.objects.update(is_active=False)
    response = client.post(
        "/admin/login/", {"username": "ada@example.com", "password": STRONG_PASSWORD}
    )
    assert LoginForm.unconfirmed_message.encode() not in response.content
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content


def test_the_button_on_a_bad_or_expired_link_gets_the_same_clear_page(
    client, mailoutbox, authors, monkeypatch
):
    """Pressing the button (a POST, from the browser that signed up) on a link that does
    not work confirms nothing and signs nobody in."""
    path = signed_up_link(client, mailoutbox)
    token = path.rstrip("/").rsplit("/", 1)[1]
    before = snapshot()
    assert_refused(client.post(f"/write-for-us/confirm/{token[:-2]}xx/"), expired=False)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    assert_refused(client.post(path), expired=True)
    assert snapshot() == before
    assert signed_in_user_id(client) is None
