"""Readers' pages kept in the cache (blog/fragments.py): served in no query once kept, and
never stale, a draft's or one reader's."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog import fragments

from . import factories as f

pytestmark = pytest.mark.django_db


def republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_kept_story_is_served_in_no_query(client, django_assert_num_queries):
    story = f.story(title="Kept story", tags=["django"], milestones=[(2020, "First job")])
    client.get(story.url)
    with django_assert_num_queries(0):
        response = client.get(story.url)
    html = response.content.decode()
    assert "Kept story" in html and "First job" in html
    assert '<script type="application/ld+json">' in html


def test_a_republished_story_shows_its_new_title_its_listing_too(client):
    story = f.story(title="The first title")
    assert "The first title" in client.get(story.url).content.decode()
    assert "The first title" in client.get("/journeys/").content.decode()

    republish(story, title="The second title")

    for url in (story.url, "/journeys/", "/"):
        html = client.get(url).content.decode()
        assert "The second title" in html and "The first title" not in html, url


def test_an_authors_new_name_reaches_the_bylines_of_kept_pages(client):
    person = f.author(name="Old Name")
    story = f.story(authors=[person])
    assert "Old Name" in client.get(story.url).content.decode()

    republish(person, title="New Name")

    html = client.get(story.url).content.decode()
    assert "New Name" in html and "Old Name" not in html


def test_an_unpublished_story_leaves_kept_listings(client):
    story = f.story(title="Soon gone")
    assert "Soon gone" in client.get("/journeys/").content.decode()

    story.unpublish()

    assert "Soon gone" not in client.get("/journeys/").content.decode()
    assert client.get(story.url).status_code == 404


def test_a_restriction_added_after_a_page_was_kept_hides_it(client):
    story = f.story(title="Members only later", body="The secret paragraph.")
    assert "The secret paragraph." in client.get(story.url).content.decode()

    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )

    html = client.get(story.url).content.decode()
    assert "The secret paragraph." not in html
    assert 'name="password"' in html


def test_a_restricted_page_read_with_its_password_is_not_served_to_others(client):
    story = f.story(body="The secret paragraph.")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    answer = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/",
        {"password": "letmein", "return_url": story.url},
    )
    assert answer.status_code == 302
    assert "The secret paragraph." in client.get(story.url).content.decode()

    client.cookies.clear()  # another reader, without the password
    assert "The secret paragraph." not in client.get(story.url).content.decode()


def test_a_draft_is_never_kept_nor_shown_to_readers(client):
    story = f.story(title="The live title")
    client.get(story.url)
    story.title = "The draft title"
    story.save_revision()

    preview = story.get_latest_revision_as_object().make_preview_request()
    assert "The draft title" in preview.rendered_content
    html = client.get(story.url).content.decode()
    assert "The live title" in html and "The draft title" not in html


def test_a_preview_request_renders_every_time(rf):
    calls = []
    request = rf.get("/journeys/x/")
    request.is_preview = True
    for _ in range(2):
        fragments.kept(request, ("test",), lambda: (calls.append(1) or "html", []))
    assert len(calls) == 2


def test_a_listing_with_another_query_parameter_is_rendered_for_that_request_only(rf):
    calls = []

    def render():
        calls.append(1)
        return "html", []

    fragments.kept(
        rf.get("/journeys/", {"page": "2", "ref": "mail"}), ("x",), render, query=("page",)
    )
    fragments.kept(rf.get("/journeys/", {"page": "2"}), ("x",), render, query=("page",))
    fragments.kept(rf.get("/journeys/", {"page": "2"}), ("x",), render, query=("page",))
    fragments.kept(rf.get("/journeys/", {"page": "3"}), ("x",), render, query=("page",))
    assert len(calls) == 3  # ref=mail is never kept; page 2 once; page 3 once


def test_a_fragment_expires_with_the_first_page_it_shows(settings):
    settings.SHARED_CACHE_SECONDS = 300
    soon = mock.Mock(expire_at=timezone.now() + datetime.timedelta(seconds=90))
    never = mock.Mock(expire_at=None)
    assert 85 <= fragments._timeout([never, soon]) <= 90
    assert fragments._timeout([never]) == 300


# A Redis that is gone: pagecache/tests/test_redis.py, on a real port nothing listens on.


def test_kept_links_follow_the_host_they_were_asked_for(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    story = f.story()
    first = client.get(story.url).content.decode()
    second = client.get(story.url, headers={"host": "other.example"}).content.decode()
    assert "http://testserver/" in first and "http://other.example/" not in first
    assert "http://other.example/" in second and "http://testserver/" not in second
