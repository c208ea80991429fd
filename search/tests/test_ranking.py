"""The first pages of results are the best matches in the order ranking every match gives,
whether the PostgreSQL backend ranked only the matches with a word in their title or all of
them; and snippets quote the text stored with the page, updated when it is republished."""

import pytest
from bs4 import BeautifulSoup

from blog.tests import factories as f
from search.backends import postgres
from search.selectors import searchable_pages

pytestmark = pytest.mark.django_db


def ids(results):
    return [page.pk for page in results]


@pytest.fixture
def lanterns():
    """Short titles with the word (ranked high), and bodies saying it often without it in
    the title (ranked below any of them)."""
    writer = f.author(name="Ada")
    for n in range(16):
        f.story(title=f"Lantern {n}", body="lantern " * (n % 4 + 1), authors=[writer])
    for n in range(6):
        f.story(title=f"Harbour {n}", body="lantern lantern lantern " * 20, authors=[writer])
    f.story(title="Lantern draft", body="lantern", live=False, authors=[writer])


@pytest.fixture
def bounded_calls(monkeypatch):
    """What the PostgreSQL compiler's bounded ranking answered, each time it was asked."""
    calls = []
    best_by_title = postgres.TitleWeightedQueryCompiler._best_by_title

    def spy(self, *args, **kwargs):
        calls.append(best_by_title(self, *args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(postgres.TitleWeightedQueryCompiler, "_best_by_title", spy)
    return calls


def test_first_pages_are_in_the_order_of_ranking_every_match(lanterns, bounded_calls):
    every_match = ids(searchable_pages().search("lantern"))  # no limit: everything ranked
    assert len(every_match) == 22
    assert ids(searchable_pages().search("lantern")[:12]) == every_match[:12]
    assert ids(searchable_pages().search("lantern")[12:24]) == every_match[12:24]
    assert (
        ids(searchable_pages().search("lantern harbour")[:12])
        == ids(searchable_pages().search("lantern harbour"))[:12]
    )


def test_the_bounded_ranking_is_used_when_it_is_exact(lanterns, bounded_calls, db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("The bounded ranking is the PostgreSQL backend's.")
    searchable_pages().search("lantern")[:12].results()
    assert len(bounded_calls) == 1 and len(bounded_calls[0]) == 12
    # Page 2 needs the 24 best: only 16 titles have the word, so every match is ranked.
    searchable_pages().search("lantern")[12:24].results()
    assert bounded_calls[1] is None


def test_the_body_rank_bound_holds_for_a_body_full_of_the_words(lanterns):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ts_rank is PostgreSQL's.")
    from wagtail.models import Page

    f.story(title="Quay", body="lantern harbour " * 200)
    two_words = searchable_pages().search("lantern harbour").annotate_score("score")
    quay = next(page for page in two_words if page.title == "Quay")
    assert 0.5 < quay.score <= postgres.body_rank_bound(Page, one_word=False)
    one_word = searchable_pages().search("lantern").annotate_score("score")
    bound = postgres.body_rank_bound(Page, one_word=True)
    scores = [page.score for page in one_word if "lantern" not in page.title.lower()]
    assert len(scores) == 7 and max(scores) <= bound


def test_snippets_quote_the_republished_text(client, settings):
    settings.PAGE_CACHE = False
    story = f.story(title="Keeper", body="The old <b>zebra</b> text &amp; more.")
    assert story.body_text == "The old zebra text & more."
    snippet = BeautifulSoup(
        client.get("/search/", {"q": "zebra"}).content, "html.parser"
    ).select_one(".search-result__snippet")
    assert "zebra" in snippet.text
    story.body = "A new *yak* paragraph."
    f.publish(story)
    story.refresh_from_db()
    assert story.body_text == "A new yak paragraph."
    soup = BeautifulSoup(client.get("/search/", {"q": "yak"}).content, "html.parser")
    assert [mark.text for mark in soup.select(".search-result__snippet mark")] == ["yak"]
    assert "zebra" not in soup.select_one(".search-result__snippet").text
