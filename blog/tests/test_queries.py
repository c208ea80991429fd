"""A page's SQL query count does not grow with the number of items it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomeFeaturedItem

from . import factories as f

pytestmark = pytest.mark.django_db

PAGES = ["/", "/journeys/", "/tutorials/", "/authors/", "/tags/", "/tags/shared/"]
# A fixed ceiling as well, so a page cannot quietly grow expensive at any size.
MAX_QUERIES = 25


def add_content(count, authors):
    for n in range(count):
        byline = [authors[n % len(authors)], authors[(n + 1) % len(authors)]]
        tags = ["shared", f"topic-{n % 4}", f"extra-{n % 7}"]
        f.story(authors=byline, tags=tags, cover_image=f.image())
        f.tutorial(authors=byline, tags=tags, cover_image=f.image(), series=None)


def count_queries(client, url):
    client.get(url)  # the first visit makes image renditions; readers after it make none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_pages_cost_the_same_with_5_or_50_items(client, django_assert_max_num_queries):
    authors = [f.author(avatar=f.image()) for _ in range(5)]
    add_content(5, authors)
    home = f.home_page()
    home.featured_items = [HomeFeaturedItem(page=page) for page in home.get_descendants()
                           .type(f.JourneyStoryPage).specific()[:3]]  # fmt: skip
    home.save_revision().publish()
    small = {url: count_queries(client, url) for url in [*PAGES, authors[0].url]}
    print(small)

    add_content(45, authors + [f.author(avatar=f.image()) for _ in range(45)])
    for url, expected in small.items():
        client.get(url)
        with django_assert_max_num_queries(min(expected, MAX_QUERIES)):
            response = client.get(url)
        assert response.status_code == 200
        assert expected <= MAX_QUERIES, f"{url} makes {expected} queries"
