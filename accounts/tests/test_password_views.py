"""Wagtail's public password forms under the sign-in lock: the login for login-restricted
pages, and the shared password of a page or a document collection, through real POSTs."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from accounts import lockout
from blog.tests import factories as f

from .helpers import STRONG_PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
READER_LOGIN = "/_util/login/"
WRONG = "not-the-password-at-all"
LOCKED = "Too many failed sign-in attempts. Try again in 15 minutes."


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_the_login_for_restricted_pages_is_the_sites_page_with_the_same_lock(client):
    User.objects.create_user("ada@example.com", "ada@example.com", STRONG_PASSWORD)
    page = client.get(READER_LOGIN + "?next=/journeys/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert [h1.text for h1 in soup.select("h1")] == ["Log in"]
    assert soup.select_one("input[name=next]")["value"] == "/journeys/"
    for field in ("username", "password"):
        assert soup.select_one(f'label[for="{soup.select_one(f"input[name={field}]")["id"]}"]')

    for _ in range(lockout.ACCOUNT_LIMIT):
        response = client.post(READER_LOGIN, {"username": "ada@example.com", "password": WRONG})
    assert LOCKED in text(response)
    response = client.post(
        READER_LOGIN, {"username": "ada@example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 200
    assert LOCKED in text(response)
    assert "_auth_user_id" not in client.session


def test_the_reader_login_still_signs_in(client):
    User.objects.create_user("ada@example.com", "ada@example.com", STRONG_PASSWORD)
    response = client.post(
        READER_LOGIN,
        {"username": "ADA@example.com", "password": STRONG_PASSWORD, "next": "/journeys/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/journeys/"
    assert "_auth_user_id" in client.session


def test_a_wrong_password_says_so_on_the_reader_login(client):
    response = client.post(READER_LOGIN, {"username": "nobody", "password": WRONG})
    assert response.status_code == 200
    assert "didn't match" in text(response)


@pytest.fixture
def protected_story():
    story = f.story(title="Members only")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="river-lantern"
    )
    return story, restriction


def page_password_url(story, restriction):
    return f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"


def guess(client, url, password, ip="198.51.100.7"):
    return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=ip)


def test_a_pages_shared_password_locks_after_twenty_wrong_guesses(client, protected_story):
    story, restriction = protected_story
    url = page_password_url(story, restriction)
    assert "password" in text(client.get(story.url)).lower()
    for n in range(lockout.ACCOUNT_LIMIT - 1):
        response = guess(client, url, WRONG, ip=f"203.0.113.{n}")
        assert response.status_code == 200, n
    response = guess(client, url, WRONG, ip="203.0.113.99")
    assert response.status_code == 429
    assert LOCKED in text(response)
    assert response["Retry-After"] == str(lockout.LOCK_SECONDS)

    response = guess(client, url, "river-lantern", ip="192.0.2.1")
    assert response.status_code == 429
    assert LOCKED in text(response)
    assert "Members only" not in text(client.get(story.url)), "the page stays closed"


def test_the_right_shared_password_still_opens_the_page(client, protected_story):
    story, restriction = protected_story
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        guess(client, page_password_url(story, restriction), WRONG)
    response = guess(client, page_password_url(story, restriction), "river-lantern")
    assert response.status_code == 302
    assert "Members only" in text(client.get(story.url))


def test_guesses_at_shared_passwords_count_against_the_address(client, protected_story):
    story, restriction = protected_story
    for n in range(lockout.ADDRESS_LIMIT - 1):
        client.post("/admin/login/", {"username": f"p{n}@example.com", "password": WRONG})
    response = guess(client, page_password_url(story, restriction), WRONG, ip="127.0.0.1")
    assert response.status_code == 429


def test_a_document_collections_shared_password_locks_too(client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Private handouts")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="kettle"
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        assert guess(client, url, WRONG).status_code == 200
    response = guess(client, url, WRONG)
    assert response.status_code == 429
    assert LOCKED in text(response)
    assert guess(client, url, "kettle").status_code == 429


def test_an_empty_shared_password_is_not_a_guess(client, protected_story):
    story, restriction = protected_story
    for _ in range(lockout.ACCOUNT_LIMIT * 2):
        assert guess(client, page_password_url(story, restriction), "").status_code == 200
    assert guess(client, page_password_url(story, restriction), "river-lantern").status_code == 302
