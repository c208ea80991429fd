"""Query budgets for every reader page: a story or a tutorial in at most 11 SQL queries
(3 of them for its author cards: avatar renditions, links and "More from"), each listing in
at most 10, and a listing's count does not grow with the number of items. Counted with
nothing kept (``blog.fragments``: kept, a page takes none)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomeFeaturedItem
from pagecache import generation

from . import factories as f

pytestmark = pytest.mark.django_db

LISTINGS = ["/", "/journeys/", "/tutorials/", "/authors/", "/tags/", "/tags/shared/"]
LISTING_BUDGET = 10
ARTICLE_BUDGET = 11


def add_content(count, authors):
    for n in range(count):
        byline = [authors[n % len(authors)], authors[(n + 1) % len(authors)]]
        tags = ["shared", f"topic-{n % 4}", f"extra-{n % 7}"]
        f.story(authors=byline, tags=tags, cover_image=f.image())
        f.tutorial(authors=byline, tags=tags, cover_image=f.image(), series=None)


def count_queries(client, url):
    client.get(url)  # the first visit makes image renditions; readers after it make none
    generation.bump("test")  # and what it kept is dropped: the budget is for rendering
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def assert_within(client, url, budget, django_assert_max_num_queries):
    client.get(url)
    generation.bump("test")
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_listing_pages_stay_within_budget_with_5_or_50_items(client, django_assert_max_num_queries):
    authors = [f.author(avatar=f.image()) for _ in range(5)]
    add_content(5, authors)
    home = f.home_page()
    home.featured_items = [HomeFeaturedItem(page=page) for page in home.get_descendants()
                           .type(f.JourneyStoryPage).specific()[:3]]  # fmt: skip
    home.save_revision().publish()
    urls = [*LISTINGS, authors[0].url]
    small = {url: count_queries(client, url)[0] for url in urls}

    add_content(45, authors + [f.author(avatar=f.image()) for _ in range(45)])
    for url, expected in small.items():
        assert expected <= LISTING_BUDGET, f"{url} makes {expected} queries"
        assert_within(client, url, expected, django_assert_max_num_queries)


@pytest.fixture
def series_middle():
    """A tutorial between two others of its series, with tags, a cover and co-authors, and
    pieces that share its tags for "Read next"."""
    authors = [f.author(avatar=f.image()) for _ in range(3)]
    series = f.series()
    parts = [
        f.tutorial(authors=authors, tags=["shared", "django"], cover_image=f.image(),
                   series=series, series_position=n)
        for n in (1, 2, 3)
    ]  # fmt: skip
    for _ in range(4):
        f.story(authors=authors[:2], tags=["shared"], cover_image=f.image())
    return parts[1]


def test_a_tutorial_page_stays_within_budget(client, series_middle, django_assert_max_num_queries):
    response = assert_within(
        client, series_middle.url, ARTICLE_BUDGET, django_assert_max_num_queries
    )
    html = response.content.decode()
    assert "Previous: part 1" in html and "Next: part 3" in html
    assert "Read next" in html


def test_a_story_page_stays_within_budget(client, django_assert_max_num_queries):
    authors = [f.author(avatar=f.image()) for _ in range(3)]
    story = f.story(authors=authors, tags=["shared", "career"], cover_image=f.image(),
                    milestones=[(2019, "First job"), (2021, "Backend role")])  # fmt: skip
    for _ in range(4):
        f.tutorial(authors=authors[1:], tags=["shared"], cover_image=f.image())
    response = assert_within(client, story.url, ARTICLE_BUDGET, django_assert_max_num_queries)
    html = response.content.decode()
    assert "Backend role" in html and "Read next" in html


def test_kept_listings_take_no_query(client, django_assert_num_queries):
    authors = [f.author(avatar=f.image()) for _ in range(2)]
    add_content(3, authors)
    for url in [*LISTINGS, authors[0].url, "/search/?q=summary&type=story"]:
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
