"""Which search pages search engines may index: the empty search page and the first page of a
plain query that found something, under one address per query; every other answer says
noindex, and robots.txt lets crawlers reach search but not its suggestions."""

import pytest
from bs4 import BeautifulSoup

from blog.tests import factories as f

pytestmark = pytest.mark.django_db


def robots_and_canonical(client, params):
    response = client.get("/search/", params)
    page = BeautifulSoup(response.content, "html.parser")
    robots = page.select_one('meta[name="robots"]')
    return (
        response.status_code,
        robots["content"] if robots else None,
        page.select_one('link[rel="canonical"]')["href"],
    )


@pytest.fixture
def pieces():
    f.story(title="Migrations without downtime", tags=["django"])
    f.story(title="A draft about migrations", live=False)


def test_a_plain_query_that_finds_something_is_indexable_under_one_address(client, pieces):
    status, robots, canonical = robots_and_canonical(client, {"q": "  Migrations  "})
    assert (status, robots) == (200, None)
    assert canonical == "http://testserver/search/?q=Migrations"


def test_the_empty_search_page_is_indexable(client, pieces):
    assert robots_and_canonical(client, {}) == (200, None, "http://testserver/search/")


@pytest.mark.parametrize(
    ("params", "expected_status"),
    [
        ({"q": "migrations", "type": "story"}, 200),
        ({"q": "migrations", "tag": "django"}, 200),
        ({"q": "migrations", "sort": "newest"}, 200),
        ({"q": "migrations", "page": "1"}, 200),
        ({"q": "no-piece-says-this"}, 200),
        ({"q": "draft about"}, 200),  # only a draft matches: readers see no result
        ({"q": "migrations", "year": "1800"}, 400),  # a filter value that cannot be one
        ({"q": "???"}, 200),  # no words to search for
    ],
)
def test_other_search_answers_are_not_indexed(client, pieces, params, expected_status):
    status, robots, canonical = robots_and_canonical(client, params)
    assert status == expected_status, params
    assert robots == "noindex, follow", params
    assert canonical == "http://testserver/search/"


def test_robots_txt_lets_crawlers_reach_search_but_not_its_suggestions(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /search/" not in lines
    assert "Disallow: /search/suggest/" in lines
