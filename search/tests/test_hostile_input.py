"""Whatever arrives in the query string, the search page and the suggestions answer with a
normal page (a bad filter value: the page with a message, status 400), never a 500, and
markup in a query or a body never becomes HTML."""

import json

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.tests import factories as f

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture
def pages():
    """A few pages, one with markup in its text, made once per test."""
    author = f.author(name="Grace <b>Bold</b>", bio=f"Writes {SCRIPT} about queues.")
    f.story(
        title="Queues & <em>caches</em>",
        summary=f"Summary with {IMG} and queues.",
        body=f"Raw HTML in Markdown: {SCRIPT} {IMG} and a queue of **bold** words.",
        authors=[author],
        tags=["queues"],
    )
    f.tutorial(title="Testing queues", body="Plain text about queue tests.", authors=[author])
    return author


ODD_QUERIES = [
    "",
    " ",
    "\t\n  ",
    "q" * 5000,
    "queue " * 1000,
    "& | ! : * ( ) ' \"",
    "queue & cache | !test",
    "a:*",
    "'; DROP TABLE wagtailcore_page; --",
    '" OR 1=1 --',
    "queue)) OR ((1",
    "!!!",
    "*",
    "<->",
    "queue <-> cache",
    SCRIPT,
    IMG,
    "</title><script>alert(3)</script>",
    "Zoë Ångström ünïcödé",
    "日本語の検索",
    "مرحبا",
    "🚀🔥 queue 👩‍💻",
    "\x00",
    "queue\x00cache",
    "\u0000\u0001\u007f",
    "%00",
    "\u202e reversed",
    "a" * 41 + " queue",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_get_a_normal_page(client, pages, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "onerror=" not in body.replace("onerror=&quot;", "")
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one("input#bj-search-q") is not None
    suggest = client.get("/search/suggest/", {"q": query})
    assert suggest.status_code == 200
    assert isinstance(json.loads(suggest.content)["suggestions"], list)


def test_a_long_query_is_cut_and_still_searches(client, pages):
    soup = BeautifulSoup(client.get("/search/", {"q": "queue " * 1000}).content, "html.parser")
    assert len(soup.select_one("input#bj-search-q")["value"]) <= 200
    assert "Queues & <em>caches</em>" in [a.text for a in soup.select(".search-result__title a")]


def test_operator_syntax_is_plain_words(client, pages):
    def found(query):
        soup = BeautifulSoup(client.get("/search/", {"q": query}).content, "html.parser")
        return [link.text for link in soup.select(".search-result__title a")]

    assert found("queue caches") == ["Queues & <em>caches</em>"]
    for query in [
        "queue & caches",
        "!queue | (caches)",
        "'queue':* \"caches\"",
        "queue <-> caches",
    ]:
        assert found(query) == found("queue caches"), query


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999999999999999999"},
        {"page": "1e3"},
        {"page": "\x00"},
    ],
)
def test_bad_page_values_show_the_nearest_page(client, pages, params):
    response = client.get("/search/", {"q": "queue", **params})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".search-result__title a")


@pytest.mark.parametrize(
    "params",
    [
        {"type": "page"},
        {"type": SCRIPT},
        {"tag": "not a slug!"},
        {"tag": "x" * 500},
        {"author": "<b>"},
        {"difficulty": "impossible"},
        {"country": "XX"},
        {"country": "KE' OR '1'='1"},
        {"year": "twenty"},
        {"year": "1200"},
        {"year": "99999999999999999999999"},
        {"start": "s" * 500},
        {"type": "story\x00"},
        {"sort": "oldest'"},
    ],
)
def test_bad_filter_values_get_a_message_not_an_error(client, pages, params):
    response = client.get("/search/", {"q": "queue", **params})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one('[role="alert"]')
    assert "filter we do not know" in alert.text
    assert "<script>" not in response.content.decode()
    assert soup.select(".search-result") == []


def test_markup_in_bodies_and_titles_is_shown_as_text(client, pages):
    response = client.get("/search/", {"q": "queue"})
    body = response.content.decode()
    soup = BeautifulSoup(body, "html.parser")
    titles = [a.text for a in soup.select(".search-result__title a")]
    assert "Queues & <em>caches</em>" in titles
    for result in soup.select(".search-result"):
        # Only the highlighting is markup: no element from the content itself.
        tags = {tag.name for tag in result.select(".search-result__snippet *, h3 a *")}
        assert tags <= {"mark"}, tags
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "<em>caches</em>" not in body


def test_markup_in_a_query_is_shown_as_text(client, pages):
    response = client.get("/search/", {"q": f"queue {SCRIPT}"})
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    soup = BeautifulSoup(body, "html.parser")
    assert SCRIPT in soup.select_one("#bj-search-count").text
    assert SCRIPT in soup.select_one("title").text


def test_suggestions_are_text_and_json_escapes_markup(client, pages):
    response = client.get("/search/suggest/", {"q": "Queues &"})
    raw = response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert "<" not in raw and ">" not in raw
    labels = [item["label"] for item in json.loads(raw)["suggestions"]]
    assert "Queues & <em>caches</em>" in labels
    authors = json.loads(client.get("/search/suggest/", {"q": "Grace"}).content)
    assert "Grace <b>Bold</b>" in [item["label"] for item in authors["suggestions"]]


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.one_of(
        st.text(max_size=60),
        st.text(alphabet="&|!:*()'\"<>-\\%_ queuc\x00", max_size=40),
        st.lists(st.sampled_from(["queue", "test", "&", "|", "!", "(", ")", ":*", "'", "<b>"])).map(
            " ".join
        ),
    ),
    page=st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 10).map(str)),
)
def test_generated_queries_never_break_the_page(client, pages, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
