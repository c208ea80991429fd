"""The caches on a real Redis (a redis-server of this test's own): searches answered from
the page cache are counted without a query, and a Redis that is gone costs readers nothing
but speed."""

import logging

import pytest
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query

from blog.tests import factories as f

from .servers import free_port, redis_server

pytestmark = pytest.mark.django_db

ALIASES = ("default", "renditions", "pages")


def redis_caches(url):
    return {
        alias: {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{alias}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in ALIASES
    }


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def on_redis(settings, redis_url):
    settings.CACHES = redis_caches(redis_url)
    yield
    from django.core.cache import caches

    caches["default"].clear()


def test_a_search_served_from_the_cache_is_counted_without_a_query(
    client, on_redis, django_assert_num_queries
):
    f.story(title="Kubernetes at the till", body="kubernetes")
    first = client.get("/search/", {"q": "Kubernetes"})
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "Kubernetes"})
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    for response in (first, again):
        assert "X-Search-Hit" not in response
    # Counted in Redis, in the report once moved there (every minute in production).
    assert not Query.objects.filter(query_string="kubernetes").exists()
    call_command("flush_search_hits", verbosity=0)
    assert Query.get("kubernetes").hits == 2
    call_command("flush_search_hits", verbosity=0)
    assert Query.get("kubernetes").hits == 2


def test_flush_dry_run_shows_the_pending_counts_and_moves_nothing(client, on_redis, capsys):
    f.story(title="Queues at the till", body="queues")
    client.get("/search/", {"q": "queues"})
    call_command("flush_search_hits", "--dry-run", verbosity=2)
    out = capsys.readouterr().out
    assert "queues" in out and "Would move 1 search(es) of 1 query(ies)" in out
    assert not Query.objects.filter(query_string="queues").exists()


def test_with_redis_gone_every_reader_page_is_rendered(client, settings, caplog):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    story = f.story(title="Served without Redis", cover_image=f.image(), tags=["queues"])
    with caplog.at_level(logging.WARNING, logger="pagecache.backends"):
        for path in (story.url, "/", "/journeys/", "/tags/queues/", "/search/?q=served"):
            for _ in range(2):
                response = client.get(path)
                assert response.status_code == 200, path
                assert response["X-Page-Cache"] == "skip"
        assert "Served without Redis" in client.get(story.url).content.decode()
    assert "The cache is not answering" in caplog.text


def test_a_redis_that_stops_is_a_miss_and_the_page_is_still_served(client, settings):
    story = f.story(title="Redis went away")
    with redis_server() as url:
        settings.CACHES = redis_caches(url)
        client.get(story.url)
        assert client.get(story.url)["X-Page-Cache"] == "hit"
    response = client.get(story.url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "skip"
    assert "Redis went away" in response.content.decode()


def test_a_process_talks_to_redis_through_one_client_per_server(on_redis):
    # Django builds a new redis.Redis (and its table of reply handlers) for every call:
    # half of a cached page's processor time before pagecache.backends.KeptClients.
    from django.core.cache import caches

    from pagecache.backends import redis_client

    pages = caches["pages"]
    pages.set("one", 1)
    assert pages.get("one") == 1
    assert pages._cache.get_client() is pages._cache.get_client(write=True)
    assert redis_client(pages, "x") is pages._cache.get_client()
    assert redis_client(caches["default"], "x").ping()
