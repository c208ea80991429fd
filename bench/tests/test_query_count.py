"""The query counter gives a request's real number of SQL queries in X-Bench-Queries, and
production settings install it only with BENCH_COUNT_QUERIES=1."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import query_count
from blog.tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Jd9-qP2vXz8LwT5nR7yB1cF6hG4mS0aE_uIoZxQ2wV9tY3rN8pL5kJ7hD1sA6f",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


@pytest.mark.django_db
def test_the_header_counts_every_query_of_the_request(client, settings):
    settings.MIDDLEWARE = [query_count.PATH, *settings.MIDDLEWARE]
    settings.PAGE_CACHE = False  # every request renders its page
    story = f.story(title="Counted", tags=["django"])
    for path in (story.url, "/search/?q=counted"):
        client.get(path)  # warm: the site, content types and the like are cached
        caches["default"].clear()  # but not the kept content (blog.fragments): it renders
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert len(queries) > 0
        assert response[query_count.HEADER] == str(len(queries))


@pytest.mark.django_db
def test_a_page_from_the_page_cache_is_counted_too(client, settings):
    """The counter goes first, so an answer the page cache gives is counted as well."""
    settings.MIDDLEWARE = [query_count.PATH, *settings.MIDDLEWARE]
    settings.PAGE_CACHE = True
    path = f.story(title="Cached").url
    rendered = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(path)
    assert cached[query_count.HEADER] == str(len(queries))
    assert len(queries) < int(rendered[query_count.HEADER])


@pytest.mark.django_db
def test_no_header_without_the_middleware(client):
    response = client.get(f.story(title="Not counted").url)
    assert response.status_code == 200
    assert query_count.HEADER not in response


def production_middleware(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BENCH"))}
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.MIDDLEWARE))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **PRODUCTION, **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_counts_queries_only_when_asked():
    assert query_count.PATH not in production_middleware()
    assert query_count.PATH not in production_middleware(BENCH_COUNT_QUERIES="0")
    counted = production_middleware(BENCH_COUNT_QUERIES="1")
    assert counted[0] == query_count.PATH  # first: it counts what every other one does
