"""Facet counts are kept per query, filters and publish generation: a publish shows in the
very next search's counts, and with the cache down everything is counted each time."""

import pytest
from bs4 import BeautifulSoup

from blog.tests import factories as f
from search import selectors

pytestmark = pytest.mark.django_db


def facet_counts(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {}
    for link in soup.select('.facet[data-facet="type"] a, .facet[data-facet="tag"] a'):
        label = link.contents[0].strip()
        counts[label] = int(link.select_one(".facet__count").contents[0].strip())
    return counts


def titles(client, **params):
    soup = BeautifulSoup(client.get("/search/", params).content, "html.parser")
    return [link.text for link in soup.select(".search-result__title a")]


@pytest.fixture
def uncached_pages(settings):
    settings.PAGE_CACHE = False  # the search itself answers every request


def test_facet_counts_are_counted_again_after_a_publish(client, uncached_pages, monkeypatch):
    counted = []
    count = selectors.facet_counts
    monkeypatch.setattr(selectors, "facet_counts", lambda *args: counted.append(1) or count(*args))
    f.story(title="Lighthouse keeper", body="lighthouse", tags=["sea"])
    assert facet_counts(client, q="lighthouse") == {"Journey story": 1, "sea": 1}
    # Kept: the same search, however typed, does not count again.
    assert facet_counts(client, q="  LIGHTHOUSE ") == {"Journey story": 1, "sea": 1}
    assert len(counted) == 1
    f.tutorial(title="Lighthouse lamps", body="lighthouse", tags=["sea"])
    assert facet_counts(client, q="lighthouse") == {"Journey story": 1, "Tutorial": 1, "sea": 2}
    assert len(counted) == 2
    # The kept page of results is a new one too.
    assert sorted(titles(client, q="lighthouse")) == ["Lighthouse keeper", "Lighthouse lamps"]


def test_a_correction_shows_once_a_page_with_the_word_is_published(client, uncached_pages):
    f.story(title="Harbour walls", body="harbour")
    soup = BeautifulSoup(client.get("/search/", {"q": "lighthose"}).content, "html.parser")
    assert soup.select_one(".search-correction") is None
    f.story(title="Lighthouse keeper", body="lighthouse")
    soup = BeautifulSoup(client.get("/search/", {"q": "lighthose"}).content, "html.parser")
    assert soup.select_one(".search-correction a").text == "lighthouse"


def test_facet_counts_after_an_unpublish(client, uncached_pages):
    story = f.story(title="Lighthouse keeper", body="lighthouse", tags=["sea"])
    f.story(title="Lighthouse stairs", body="lighthouse", tags=["sea"])
    assert facet_counts(client, q="lighthouse") == {"Journey story": 2, "sea": 2}
    story.unpublish()
    assert facet_counts(client, q="lighthouse") == {"Journey story": 1, "sea": 1}
