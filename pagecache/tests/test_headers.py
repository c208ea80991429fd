"""What browsers and a CDN may keep: readers' pages are public with an ETag and answer a
conditional GET with 304; nothing a signed-in user gets, nothing with a CSRF token and no
preview may be kept by anyone else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def story():
    return f.story(title="Kept by the CDN", tags=["cache"])


@pytest.fixture
def writer(client):
    user = get_user_model().objects.create_user("writer", "w@example.com", "pw-12345678")
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    client.force_login(user)
    return client


def test_readers_pages_are_public_with_an_etag(client, story, settings):
    settings.READER_CACHE_SECONDS, settings.SHARED_CACHE_SECONDS = 60, 300
    for url in ["/", "/journeys/", story.url, "/tags/cache/", "/search/?q=cdn", "/sitemap.xml",
                "/feeds/all/rss.xml"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response) == {"public", "max-age=60", "s-maxage=300"}, url
        assert response["ETag"], url
        assert not response.cookies, url


def test_a_conditional_get_of_an_unchanged_page_is_304_and_a_changed_one_200(client, story):
    etag = client.get(story.url)["ETag"]
    unchanged = client.get(story.url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    story.title = "Changed for every reader"
    story.save_revision().publish()
    changed = client.get(story.url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and b"Changed for every reader" in changed.content


def test_a_missing_page_may_be_kept_but_an_error_page_may_not(client):
    assert "public" in directives(client.get("/journeys/no-such-story/"))
    response = client.get("/search/", {"type": "poem"})  # a bad filter: 400 with a message
    assert response.status_code == 400 and "public" not in directives(response)


def test_everything_a_signed_in_user_gets_is_private(writer, story):
    for url in ["/", story.url, "/search/?q=cdn"]:
        response = writer.get(url)
        assert {"private", "no-store"} <= directives(response), url
        assert "public" not in directives(response), url


def test_a_preview_is_never_public(writer):
    index = f.story_index()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "journeystorypage", index.pk])
    response = writer.get(url)
    assert "public" not in directives(response)


def test_a_form_with_a_csrf_token_is_not_public(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    assert "public" not in directives(response)


def test_any_response_that_made_a_csrf_token_or_sets_a_cookie_is_not_shareable(rf):
    from django.conf import settings
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from pagecache.headers import shareable

    assert shareable(rf.get("/journeys/"), HttpResponse("a page"))
    with_token = rf.get("/journeys/")
    get_token(with_token)
    assert not shareable(with_token, HttpResponse("a page with a form"))
    with_cookie = HttpResponse("a page")
    with_cookie.set_cookie("seen", "1")
    assert not shareable(rf.get("/journeys/"), with_cookie)
    assert not shareable(rf.post("/journeys/"), HttpResponse("a page"))
    with_session = rf.get("/journeys/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "a-reader-session"
    assert not shareable(with_session, HttpResponse("a page with their message"))


def test_a_page_a_reader_gave_the_password_for_is_never_public(client):
    from django.urls import reverse
    from wagtail.models import PageViewRestriction

    story = f.story(title="Behind a password")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, story.pk])
    client.post(url, {"password": "open-sesame", "return_url": story.url})
    response = client.get(story.url)
    assert response.status_code == 200 and b"Behind a password" in response.content
    assert "public" not in directives(response)
