"""The "Write for us" page and what a sign-up does: one inactive account and one email,
the same answer whatever the address, and nothing at all for bad or throttled input."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from accounts.models import ContributorSignup

from .helpers import (
    CHECK_EMAIL_URL,
    SIGNUP_URL,
    STRONG_PASSWORD,
    confirm,
    confirm_path,
    count_hashes,
    sign_up,
    snapshot,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_page_invites_and_shows_an_accessible_form(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    page = soup(response)
    assert [h1.text for h1 in page.select("h1")] == ["Write for us"]
    text = page.get_text(" ")
    assert "Journey stories" in text and "Tutorials" in text and "Markdown" in text
    assert "An editor reviews every piece before it is published" in text
    form = page.select_one("main form[method=post]")
    assert form["action"] == SIGNUP_URL
    inputs = form.select("input:not([type=hidden])")
    assert {i["name"] for i in inputs} == {
        "name", "email", "password", "password_confirm", "honeypot",
    }  # fmt: skip
    for field in inputs:
        assert form.select_one(f'label[for="{field["id"]}"]'), field["name"]
        assert field["id"].startswith("bj-")
    autocomplete = {i["name"]: i.get("autocomplete") for i in inputs}
    assert autocomplete == {
        "name": "name", "email": "email", "password": "new-password",
        "password_confirm": "new-password", "honeypot": "off",
    }  # fmt: skip
    assert form.select_one("input[name=email]")["type"] == "email"
    assert form.select_one("input[name=name]")["maxlength"] == "100"
    assert form.select_one("input[name=email]")["maxlength"] == "254"
    honeypot = form.select_one("input[name=honeypot]")
    assert honeypot.find_parent(attrs={"aria-hidden": "true"}) is not None
    assert honeypot["tabindex"] == "-1"


def test_sign_up_makes_one_inactive_account_and_sends_a_link(client, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "Backend Journeys <editors@example.org>"
    response = sign_up(client, name="  Ada   King  Lovelace ", email=" Ada@Example.COM ")
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    user = User.objects.get()
    assert user.username == user.email == "ada@example.com"
    assert (user.first_name, user.last_name) == ("Ada", "King Lovelace")
    assert not user.is_active
    assert user.check_password(STRONG_PASSWORD)
    assert ContributorSignup.objects.get(user=user).confirmed_at is None
    assert not user.groups.exists()

    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert message.from_email == "Backend Journeys <editors@example.org>"
    assert "Confirm your address" in message.subject
    assert "\n" not in message.subject
    assert confirm_path(message).startswith("/write-for-us/confirm/")
    assert "3 days" in message.body
    assert "<" not in message.body and not message.alternatives  # plain text only
    # What a stranger typed never reaches someone else's inbox.
    assert "Ada" not in message.body and "Lovelace" not in message.body


def test_single_word_name_is_the_first_name(client):
    sign_up(client, name="Zoë")
    user = User.objects.get()
    assert (user.first_name, user.last_name) == ("Zoë", "")


def test_check_your_email_page_names_no_address(client):
    response = sign_up(client, email="grace@example.com")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Check your inbox" in page.content
    assert b"grace" not in page.content


def test_links_use_the_configured_base_url_not_the_host_header(client, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://backendjourneys.example/"
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        SIGNUP_URL,
        {"name": "Ada", "email": "ada@example.com", "password": STRONG_PASSWORD,
         "password_confirm": STRONG_PASSWORD},
        HTTP_HOST="evil.example",
    )  # fmt: skip
    [message] = mailoutbox
    assert "https://backendjourneys.example/write-for-us/confirm/" in message.body
    assert "https://backendjourneys.example/admin/login/" in message.body
    assert "evil.example" not in message.body


def _final_page(response):
    return response.status_code, response.redirect_chain, CSRF.sub(b"", response.content)


def test_known_active_address_gets_the_same_answer_and_an_email(client, mailoutbox):
    owner = User.objects.create_user("ada", email="Ada@Example.com", password="x-original-1")
    fresh = sign_up(client, email="someone.new@example.com")
    fresh_page = client.get(fresh["Location"])
    mailoutbox.clear()
    before = snapshot()

    known = sign_up(client, email="ada@example.com", password="another-long-passphrase")

    assert (known.status_code, known["Location"]) == (fresh.status_code, fresh["Location"])
    known_page = client.get(known["Location"])
    assert CSRF.sub(b"", known_page.content) == CSRF.sub(b"", fresh_page.content)
    assert known.content == fresh.content
    assert snapshot() == before
    owner.refresh_from_db()
    assert owner.check_password("x-original-1")
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert "tried to sign up" in message.subject
    assert "http://testserver/admin/login/" in message.body
    assert "http://testserver/admin/password_reset/" in message.body
    assert "/write-for-us/confirm/" not in message.body


def test_same_answer_with_follow(client):
    """The whole journey a browser makes, byte for byte apart from the CSRF token."""
    User.objects.create_user("grace@example.com", email="grace@example.com", password="x-1")
    fresh = client.post(
        SIGNUP_URL,
        {"name": "Ada", "email": "new@example.com", "password": STRONG_PASSWORD,
         "password_confirm": STRONG_PASSWORD},
        follow=True,
    )  # fmt: skip
    known = client.post(
        SIGNUP_URL,
        {"name": "Ada", "email": "GRACE@example.com", "password": STRONG_PASSWORD,
         "password_confirm": STRONG_PASSWORD},
        follow=True,
    )  # fmt: skip
    assert _final_page(fresh) == _final_page(known)


def test_new_pending_active_and_deactivated_addresses_get_the_same_answer_for_the_same_work(
    client, mailoutbox, monkeypatch
):
    """The four kinds of address are answered alike, byte for byte apart from the CSRF
    token, and each costs exactly one password hash (what takes the time in production).
    Their mail differs, but it leaves after the answer (test_mail)."""
    sign_up(client, email="pending@example.com")
    User.objects.create_user("active@example.com", "active@example.com", "x-original-1")
    sign_up(client, email="off@example.com")
    confirm(client, confirm_path(mailoutbox[-1]))
    User.objects.filter(username="off@example.com").update(is_active=False)
    hashes = count_hashes(monkeypatch)
    answers, pages, work = {}, {}, {}
    for case, email in {
        "new": "new@example.com",
        "pending": "Pending@example.com",
        "active": "active@example.com",
        "deactivated": "off@example.com",
    }.items():
        hashes.clear()
        response = sign_up(client, email=email)
        work[case] = len(hashes)
        answers[case] = (response.status_code, response["Location"], response.content)
        pages[case] = CSRF.sub(b"", client.get(response["Location"]).content)
    assert work == {"new": 1, "pending": 1, "active": 1, "deactivated": 1}
    assert len(set(answers.values())) == 1, answers
    assert answers["new"][:2] == (303, CHECK_EMAIL_URL)
    assert len(set(pages.values())) == 1
    # The work was real: the new address has an account, the pending one a new password.
    assert User.objects.get(username="new@example.com").check_password(STRONG_PASSWORD)
    assert User.objects.filter(username="pending@example.com", is_active=False).exists()


def test_unconfirmed_address_gets_a_fresh_link_for_the_new_password(client, mailoutbox):
    sign_up(client, email="ada@example.com")
    before = snapshot()
    response = sign_up(client, email="ADA@example.com", password="a-different-passphrase")
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    after = snapshot()
    assert {k: v for k, v in after.items() if k != "passwords"} == {
        k: v for k, v in before.items() if k != "passwords"
    }
    user = User.objects.get()
    assert user.check_password("a-different-passphrase")
    assert not user.is_active
    _first, again = mailoutbox
    assert again.to == ["ada@example.com"]
    assert "asked again" in again.body
    assert confirm_path(again).startswith("/write-for-us/confirm/")


def test_deactivated_account_is_never_switched_back_on(client, mailoutbox):
    """An administrator switched the account off: a sign-up sends no link to switch it on."""
    sign_up(client, email="ada@example.com")
    confirm(client, confirm_path(mailoutbox[0]))
    User.objects.filter(email="ada@example.com").update(is_active=False)
    mailoutbox.clear()
    before = snapshot()
    response = sign_up(client, email="ada@example.com")
    assert response.status_code == 303
    assert snapshot() == before
    assert mailoutbox == []


def test_inactive_account_made_by_an_administrator_gets_no_link(client, mailoutbox):
    User.objects.create_user(
        "ada@example.com", email="ada@example.com", password="x-1", is_active=False
    )
    before = snapshot()
    assert sign_up(client, email="ada@example.com").status_code == 303
    assert snapshot() == before
    assert mailoutbox == []


def test_weak_passwords_are_refused(client, mailoutbox):
    cases = {
        "short": "Sh0rt!",
        "common": "password1234",
        "numeric": "12345678901234",
        "like the address": "ada.lovelace@example.com",
        "like the name": "adalovelace",
    }
    for why, password in cases.items():
        response = sign_up(client, email="ada.lovelace@example.com", password=password)
        assert response.status_code == 200, why
        page = soup(response)
        field = page.select_one("input[name=password]")
        assert field["aria-invalid"] == "true", why
        error = page.select_one(f"#{field['id']}_error")
        assert error is not None and error.text.strip(), why
        assert f"{field['id']}_error" in field["aria-describedby"].split(), why
        assert not field.get("value"), "a password is never shown again"
    assert snapshot()["users"] == 0
    assert mailoutbox == []


def test_passwords_must_match(client, mailoutbox):
    response = sign_up(client, password_confirm=STRONG_PASSWORD + "x")
    assert response.status_code == 200
    assert b"The two passwords are not the same." in response.content
    assert snapshot()["users"] == 0
    assert mailoutbox == []


BAD_INPUT = {
    "nothing": {"name": "", "email": "", "password": "", "password_confirm": ""},
    "missing email": {"email": None},
    "missing name": {"name": None},
    "missing password": {"password": None, "password_confirm": None},
    "blank name": {"name": "   \t "},
    "malformed email": {"email": "ada@@example"},
    "email with a newline": {"email": "ada@example.com\nBcc: x@example.com"},
    "1000-character name": {"name": "A" * 1000},
    "255-character email": {"email": "a" * 243 + "@example.com"},
    "email longer than a username": {"email": "a" * 140 + "@example.com"},
    "NUL in the name": {"name": "Ada\x00Lovelace"},
    "NUL in the email": {"email": "ada\x00@example.com"},
    "NUL in the password": {"password": "mellow\x00otter-lanterns"},
    "control character in the name": {"name": "Ada\x07"},
    "huge password": {"password": "x" * 5000},
}


@pytest.mark.parametrize("fields", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_form_error_and_changes_nothing(client, mailoutbox, fields):
    before = snapshot()
    data = {
        "name": "Ada Lovelace", "email": "ada@example.com",
        "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD,
    }  # fmt: skip
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    page = soup(response)
    assert page.select('[aria-invalid="true"]')
    assert page.select_one("[role=alert]")
    assert snapshot() == before
    assert mailoutbox == []


def test_what_people_type_is_escaped_when_shown_again(client):
    response = sign_up(client, name='<script>alert("x")</script>', password="short")
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_honeypot_answers_like_a_sign_up_and_does_nothing(client, mailoutbox):
    before = snapshot()
    response = sign_up(client, honeypot="http://spam.example")
    assert response.status_code == 303
    assert response["Location"] == CHECK_EMAIL_URL
    assert snapshot() == before
    assert mailoutbox == []


def test_only_get_and_post(client):
    assert client.put(SIGNUP_URL).status_code == 405
    assert client.post(CHECK_EMAIL_URL).status_code == 405


def test_csrf_is_enforced(mailoutbox):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        SIGNUP_URL,
        {"name": "Ada", "email": "ada@example.com", "password": STRONG_PASSWORD,
         "password_confirm": STRONG_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 403
    assert snapshot()["users"] == 0
