"""What a reader sees of a search besides its ranking: snippets that quote sentences (no
code, headings ending a sentence), the query cut at the boxes' length and shown once, and a
no-results page in readers' words with other ways in."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from blog.models import ArticlePage
from blog.rendering import plain_text, render_markdown
from blog.tests import factories as f
from search.forms import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db

BODY = """## Why test through HTTP

Django's test client sends fake requests to your views.

```python
response = client.get("/books/")
assert response.status_code == 200
```

Call `client.get` and read the status code.

## What next?

Write the *second* test.
"""


def soup_of(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_snippet_text_ends_headings_as_sentences_and_leaves_code_blocks_out():
    text = plain_text(render_markdown(BODY).html)
    assert text.startswith("Why test through HTTP. Django's test client sends fake requests")
    assert "status_code == 200" not in text and "Python" not in text  # the block, its label
    assert "Call client.get and read the status code." in text  # inline code is a sentence
    assert "What next? Write the second test." in text  # a heading's own "?" is kept


def test_a_result_quotes_the_readable_text(client):
    f.tutorial(title="Testing views", body=BODY, summary="A first look.")
    soup = soup_of(client, q="fake requests")
    snippet = soup.select_one(".search-result__snippet").text
    assert "Why test through HTTP. Django's test client sends fake requests" in snippet
    assert "status_code" not in soup_of(client, q="status").select_one(
        ".search-result__snippet"
    ).text.replace("status code", "")


def test_a_500_character_query_is_cut_to_the_boxes_length_and_shown_once(client):
    f.story(title="Ledgers and databases", body="From ledgers to databases.")
    word = "ledgers"
    query = " ".join([word] * 70)  # 559 characters
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for box in soup.select("input[type=search]"):
        assert box["maxlength"] == str(MAX_QUERY_LENGTH)
    shown = soup.select_one("#bj-search-q")["value"]
    assert len(shown) <= MAX_QUERY_LENGTH and shown.startswith("ledgers ledgers")
    # The header's box does not repeat what the page's box shows.
    assert not soup.select_one("#bj-site-search").get("value")
    # On the page itself it is read once: in the count line (and typed in the page's box).
    assert soup.select_one("main").text.count(shown) == 1
    assert shown not in soup.select_one("header.site-header").decode()
    assert query not in response.content.decode()


def test_no_results_speaks_to_readers_and_offers_other_ways_in(client):
    f.story(title="Queues at the till", tags=["career-change"], body="Shifts and queues.")
    client.get("/search/", {"q": "queues"})  # a search that finds something is remembered
    soup = soup_of(client, q="xylophonequartz")
    main = soup.select_one(".search-page")
    assert soup.select_one("#bj-search-count").text.strip() == "No results for “xylophonequartz”"
    assert "We have no story, tutorial or author with these words yet." in main.text
    assert "Nothing readers can see" not in main.text
    # No filter column with nothing in it: no empty "Filter results" heading.
    assert soup.select_one(".search-filters") is None
    assert "Filter results" not in main.text
    tags = [link.text.strip().lstrip("#") for link in main.select(".search-empty .tag-list a")]
    assert "career-change" in tags
    assert main.select_one(".search-empty a[href='/tags/']").text == "All tags"


def test_filters_show_how_many_are_in_use(client):
    f.story(title="Queues at the till", tags=["career-change"], body="Shifts and queues.")
    soup = soup_of(client, q="queues")
    assert soup.select_one(".search-filters__toggle").text.strip() == "Filters"
    soup = soup_of(client, q="queues", tag="career-change", type="story")
    toggle = soup.select_one("details.search-filters > summary.search-filters__toggle")
    assert toggle.text.strip() == "Filters (2 in use)"
    assert soup.select_one(".search-filters__toggle .visually-hidden").text == " in use"


def test_no_results_with_a_filter_offers_the_search_without_it(client):
    f.story(title="Queues at the till", tags=["career-change"], body="Shifts and queues.")
    soup = soup_of(client, q="queues", type="tutorial")
    assert soup.select_one(".search-filters") is None  # no empty filter column
    assert "with these words and these filters yet" in soup.select_one(".search-empty").text
    link = soup.select_one(".search-empty a[href='/search/?q=queues']")
    assert link.text == "search without filters"


def test_the_migration_remakes_the_snippet_text_of_pieces_saved_before():
    story = f.story(body=BODY)
    old_text = "Why test through HTTP Django's test client sends fake requests"
    ArticlePage.objects.filter(pk=story.pk).update(body_text=old_text)
    migration = importlib.import_module("search.migrations.0006_readable_snippet_text")
    migration.readable_snippet_text(apps, None)
    story.refresh_from_db()
    assert story.body_text.startswith("Why test through HTTP. Django's test client")
    assert "status_code" not in story.body_text
