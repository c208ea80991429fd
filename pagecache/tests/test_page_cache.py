"""The page cache as readers, writers and editors meet it, in one process: what is served
from it, what never is, and every change that retires what it holds."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from blog.services import page_backdate
from blog.tests import factories as f
from pagecache import generation

pytestmark = pytest.mark.django_db


def cached(client, path, **params):
    """``path`` read until the page cache answers it: the cached response."""
    first = client.get(path, params)
    assert first["X-Page-Cache"] == "miss", f"{path} was not kept: {first['X-Page-Cache']}"
    again = client.get(path, params)
    assert again["X-Page-Cache"] == "hit"
    return again


def text(response):
    return response.content.decode()


def test_a_cached_page_costs_no_sql_query_and_is_the_same_page(client, django_assert_num_queries):
    """(A search answered from the cache is still counted: in Redis, test_search_hits.py.)"""
    story = f.story(title="Kept for the next reader", tags=["queues"])
    for path in (story.url, "/", "/journeys/", "/tags/queues/", "/authors/", "/sitemap.xml"):
        first = client.get(path)
        with django_assert_num_queries(0):
            again = client.get(path)
        assert again["X-Page-Cache"] == "hit", path
        assert again.status_code == first.status_code == 200
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert again["Cache-Control"].startswith("public")
        assert again["ETag"] == first["ETag"]


def test_a_cached_page_answers_head_and_a_conditional_get(client):
    story = f.story()
    response = cached(client, story.url)
    head = client.head(story.url)
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"
    not_modified = client.get(story.url, headers={"If-None-Match": response["ETag"]})
    assert not_modified.status_code == 304


def test_a_404_is_kept_and_a_500_or_a_redirect_never(client):
    cached(client, "/journeys/no-such-story/")
    assert client.get("/journeys/no-such-story/").status_code == 404
    assert client.get("/journeys").status_code == 301  # the slash added
    assert client.get("/journeys")["X-Page-Cache"] == "skip"


def test_search_pages_share_one_entry_per_normalised_query(client):
    f.story(title="Django at the till", body="django orm")
    cached(client, "/search/", q="django  orm", type="story")
    same = client.get("/search/?type=story&q=django+orm")
    assert same["X-Page-Cache"] == "hit"
    other = client.get("/search/?type=tutorial&q=django+orm")
    assert other["X-Page-Cache"] == "miss"


def test_a_signed_in_user_never_gets_a_cached_page_nor_fills_the_cache(client, admin_client):
    story = f.story(title="Read by an editor")
    cached(client, story.url)
    for _ in range(2):
        response = admin_client.get(story.url)
        assert response.get("X-Page-Cache") is None
        assert "no-store" in response["Cache-Control"]
    admin_client.get("/journeys/")
    assert Client().get("/journeys/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_readers_session_or_messages_are_never_answered_from_the_cache(client, cookie):
    """A reader who gave a page's password has a session, one just signed up has a message
    waiting: their pages are theirs."""
    story = f.story()
    cached(client, story.url)
    client.cookies[cookie] = "the-readers-own"
    assert client.get(story.url).get("X-Page-Cache") is None


def test_pages_with_a_csrf_token_or_a_cookie_are_never_kept(client):
    story = f.story(title="Friends only")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    tokens = set()
    for _ in range(3):
        response = Client().get(story.url)
        assert response["X-Page-Cache"] == "skip"
        assert "csrftoken" in response.cookies
        tokens.add(response.cookies["csrftoken"].value)
    assert len(tokens) == 3
    assert Client().get("/write-for-us/").get("X-Page-Cache") is None


def test_page_cache_off_renders_every_request(client, settings):
    settings.PAGE_CACHE = False
    story = f.story()
    for _ in range(2):
        assert client.get(story.url).get("X-Page-Cache") is None


# Every change a reader could see retires the cached pages.


def test_a_new_revision_published_is_read_at_once(client):
    story = f.story(title="The first title")
    cached(client, story.url)
    cached(client, "/journeys/")
    story.title = "The second title"
    f.publish(story)
    assert "The second title" in text(client.get(story.url))
    assert "The second title" in text(client.get("/journeys/"))


def test_a_draft_saved_changes_nothing_and_retires_nothing(client):
    story = f.story(title="The live title")
    cached(client, story.url)
    story.title = "A draft title"
    story.save_revision()
    response = client.get(story.url)
    assert response["X-Page-Cache"] == "hit"
    assert "A draft title" not in text(response)


def test_unpublishing_and_deleting_take_the_page_away(client):
    gone, deleted = f.story(title="Unpublished soon"), f.story(title="Deleted soon")
    cached(client, gone.url)
    cached(client, deleted.url)
    cached(client, "/journeys/")
    gone.unpublish()
    assert client.get(gone.url).status_code == 404
    assert "Unpublished soon" not in text(client.get("/journeys/"))
    url = deleted.url
    deleted.delete()
    assert client.get(url).status_code == 404
    assert "Deleted soon" not in text(client.get("/journeys/"))


def test_scheduled_pages_go_live_and_expire_for_cached_pages_too(client, monkeypatch):
    story = f.story(title="Tomorrow's story", live=False)
    story.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    story.save_revision().publish()
    cached(client, "/journeys/")
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    assert "Tomorrow&#x27;s story" in text(client.get("/journeys/"))

    story.refresh_from_db()
    story.expire_at = later + datetime.timedelta(minutes=5)
    story.save_revision().publish()
    cached(client, story.url)
    monkeypatch.setattr(timezone, "now", lambda: later + datetime.timedelta(hours=1))
    call_command("publish_scheduled")
    assert client.get(story.url).status_code == 404


def test_moving_a_page_retires_the_cache(client):
    first, second = f.story(), f.story()
    cached(client, "/journeys/")
    before = generation.current()
    second.move(f.story_index(), pos="first-child")
    assert generation.current() != before
    assert client.get("/journeys/")["X-Page-Cache"] == "miss"
    assert first.pk


def test_privacy_changed_hides_the_cached_page(client):
    story = f.story(title="Soon for friends only")
    cached(client, story.url)
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    response = client.get(story.url)
    assert "Soon for friends only" not in text(response)
    assert 'name="password"' in text(response)


def test_an_author_profile_edited_shows_on_their_cached_stories(client):
    writer = f.author(name="Amina Old-Name")
    story = f.story(authors=[writer])
    assert "Amina Old-Name" in text(cached(client, story.url))
    writer.title = "Amina New-Name"
    f.publish(writer)
    assert "Amina New-Name" in text(client.get(story.url))


def test_a_tag_renamed_shows_on_its_cached_page(client):
    f.story(tags=["queues"])
    cached(client, "/tags/queues/")
    tag = Tag.objects.get(slug="queues")
    tag.name = "Message queues"
    tag.save()
    assert "Message queues" in text(client.get("/tags/queues/"))


def test_a_series_renamed_shows_on_its_cached_tutorials(client):
    series = f.series(title="Old series name")
    tutorial = f.tutorial(series=series, series_position=1)
    assert "Old series name" in text(cached(client, tutorial.url))
    series.title = "New series name"
    series.save()
    assert "New series name" in text(client.get(tutorial.url))


def test_a_promoted_result_shows_on_a_cached_search(client):
    pick = f.tutorial(title="Containers from scratch", body="pods")
    f.story(title="Kubernetes at the till", body="kubernetes")
    cached(client, "/search/", q="kubernetes")
    SearchPromotion.objects.create(query=Query.get("kubernetes"), page=pick, sort_order=0)
    assert "Containers from scratch" in text(client.get("/search/", {"q": "kubernetes"}))


def test_a_redirect_added_replaces_a_cached_404(client):
    story = f.story()
    cached(client, "/an-old-address/")
    Redirect.objects.create(old_path="/an-old-address", redirect_page=story)
    response = client.get("/an-old-address/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(story.url)


def test_a_story_back_dated_moves_in_cached_listings(client):
    now = timezone.now()
    older = f.story(title="Older story", published=now - datetime.timedelta(days=2))
    newer = f.story(title="Newer story", published=now - datetime.timedelta(days=1))
    listing = text(cached(client, "/journeys/"))
    assert listing.index("Newer story") < listing.index("Older story")
    page_backdate(newer, first_published_at=older.first_published_at - datetime.timedelta(days=1))
    listing = text(client.get("/journeys/"))
    assert listing.index("Older story") < listing.index("Newer story")


# A process's own copies of the pages it served last (pagecache/copies.py).


def test_without_copies_in_memory_pages_come_from_the_shared_cache(client, settings):
    settings.PAGE_CACHE_COPIES = 0
    story = f.story(title="Only in the shared cache")
    assert "Only in the shared cache" in text(cached(client, story.url))
    story.title = "Changed while shared"
    f.publish(story)
    assert "Changed while shared" in text(client.get(story.url))


def test_a_copy_in_memory_is_served_only_while_its_generation_is_current(client):
    story = f.story(title="Kept in this process")
    cached(client, story.url)
    # Another server published something: the shared generation moved on.
    generation.cache().set(generation.GENERATION_KEY, "another server's generation")
    again = client.get(story.url)
    assert again["X-Page-Cache"] == "miss"
    assert client.get(story.url)["X-Page-Cache"] == "hit"


def test_a_new_release_never_serves_the_last_releases_pages(client, settings):
    settings.RELEASE_ID = "release-1"
    story = f.story(title="Rendered by release one")
    cached(client, story.url)
    settings.RELEASE_ID = "release-2"
    assert Client().get(story.url)["X-Page-Cache"] == "miss"
    settings.RELEASE_ID = "release-1"
    assert Client().get(story.url)["X-Page-Cache"] == "hit"
