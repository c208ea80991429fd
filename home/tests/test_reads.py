"""Reads counted without cookies or personal data (``home.reads``), the read beacon that sends
them, and the home page: more than six pieces, the way to the rest, "Most read this week"."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.tests import factories as f
from home import reads
from home.models import LATEST_COUNT, PageReadDay
from pagecache import generation

pytestmark = pytest.mark.django_db


def beacon(client, page_id, **extra):
    return client.post(f"/read/{page_id}/", **extra)


def reads_of(page):
    return sum(PageReadDay.objects.filter(page_id=page.pk).values_list("count", flat=True))


def home_soup(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def record(page, count, *, days_ago=0):
    day = timezone.now().date() - datetime.timedelta(days=days_ago)
    PageReadDay.objects.update_or_create(page_id=page.pk, day=day, defaults={"count": count})


def test_a_read_is_counted_per_page_per_day_with_nothing_about_the_reader(client):
    story = f.story(title="Counted")
    for expected in (1, 2, 3):
        response = beacon(client, story.pk, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 204
        assert reads_of(story) == expected
    assert not response.cookies  # no cookie set
    assert response["Cache-Control"] == "no-store"
    row = PageReadDay.objects.get()
    assert (row.day, row.count) == (timezone.now().date(), 3)
    stored = [field.name for field in PageReadDay._meta.get_fields()]
    assert sorted(stored) == ["count", "day", "id", "page"]  # no address, no user, no time


def test_only_live_stories_and_tutorials_count(client):
    draft = f.story(title="Draft", live=False)
    index = f.story_index()
    author = f.author()
    for page_id in (draft.pk, index.pk, author.pk, 999_999):
        assert beacon(client, page_id).status_code == 404
    assert client.post("/read/abc/").status_code == 404
    assert client.get(f"/read/{f.story().pk}/").status_code == 405
    assert PageReadDay.objects.count() == 0


def test_one_client_is_held_to_its_share(client, monkeypatch):
    monkeypatch.setattr(reads, "CLIENT_LIMIT", 2)
    story = f.story()
    statuses = [beacon(client, story.pk, REMOTE_ADDR="198.51.100.7").status_code for _ in range(3)]
    assert statuses == [204, 204, 429]
    assert beacon(client, story.pk, REMOTE_ADDR="198.51.100.8").status_code == 204
    assert reads_of(story) == 3


def test_a_story_page_carries_the_beacon_and_the_home_page_does_not(client):
    story = f.story()
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    script = soup.select_one("script[data-read-url]")
    assert script["data-read-url"] == f"/read/{story.pk}/"
    assert script.has_attr("defer") and script["src"].endswith("js/reads.js")
    assert home_soup(client).select_one("script[data-read-url]") is None


def test_most_read_shows_only_with_enough_reads_in_the_last_seven_days(client):
    first, second, third = f.story(title="First"), f.story(title="Second"), f.story(title="Third")
    record(first, reads.MIN_READS - 1)
    assert home_soup(client).select_one("#bj-most-read") is None  # not enough to say

    record(second, 12, days_ago=6)
    record(third, 50, days_ago=7)  # eight days ago: not this week
    record(third, 2)  # too few on its own to be "most read"
    generation.bump("test")
    soup = home_soup(client)
    assert soup.select_one("#bj-most-read").text == "Most read this week"
    titles = [link.text for link in soup.select(".most-read__title a")]
    assert titles == ["First", "Second"]


def test_a_piece_unpublished_after_its_reads_drops_out(client):
    popular, other = f.story(title="Popular"), f.story(title="Other")
    record(popular, 40)
    record(other, 10)
    popular.unpublish()
    assert [page.title for page in reads.most_read_this_week()] == []  # 10 reads: too few
    record(other, 30)
    assert [page.title for page in reads.most_read_this_week()] == ["Other"]


def test_home_shows_more_than_six_pieces_and_the_way_to_the_rest(client):
    for n in range(LATEST_COUNT + 3):
        f.story(title=f"Story {n}")
    f.tutorial(title="A tutorial")
    soup = home_soup(client)
    cards = soup.select("#bj-latest ~ .card-grid .card")
    assert len(cards) == LATEST_COUNT > 6
    more = {link.text: link["href"] for link in soup.select(".more-links a")}
    assert more == {"All journeys": "/journeys/", "All tutorials": "/tutorials/"}


def test_the_home_pages_queries_do_not_grow_with_the_pieces_read(client):
    def add(count):
        for _ in range(count):
            record(f.story(cover_image=f.image()), 10)

    def queries():
        client.get("/")
        generation.bump("test")  # nothing kept: the budget is for rendering
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    add(3)
    few = queries()
    add(20)
    assert queries() <= few <= 10
    assert len(home_soup(client).select(".most-read li")) == reads.MOST_READ_COUNT
