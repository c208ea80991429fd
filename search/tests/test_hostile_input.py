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


@pytest.fixture(scope="module")
def module_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    with f.kept_for_the_module(django_db_blocker, tmp_path_factory):
        yield _pages()


@pytest.fixture
def pages(module_pages, db):
    """A few pages, one with markup in its text, made once for the module."""
    return module_pages


def _pages():
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
        {"type": "story\x01"},
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


# Raw query strings, as a browser or a script could send them: repeated parameters, values
# far over any length, percent-encoded bytes that are not UTF-8, unicode tag slugs.
RAW_QUERY_STRINGS = [
    "q=the+and+of",  # stop words only: nothing to match on PostgreSQL
    "q=a+an+the+to+is&type=story",
    "q=*",
    "q=%27",
    "q=%5C",
    "q=%5C%5C%27%22",
    "q=queue%3A*%26%7C",
    "q=o%27reilly",
    "q=%FF%FE%00",
    "q=%C0%80%ED%A0%80",
    "q=%25%25%25",
    "q=%",
    "q=%zz",
    "%FF=%FF",
    "q=queue&%00=1",
    "q=" + "%F0%9F%9A%80" * 2000,
    "q=" + "q" * 5000,
    "q=the&q=queue",
    "q=queue&type=story&type=author",
    "q=queue&page=1e9",
    "q=queue&page=1000000000",
    "q=queue&page=%20",
    "q=queue&page=1.5",
    "q=queue&tag=caf%C3%A9",
    "q=queue&tag=%E6%97%A5%E6%9C%AC%E8%AA%9E",
    "q=queue&year=2024.0",
    "q=queue&start=Retail+CASHIER",
    "q=queue&country=KE&type=author",
    "q=+&tag=queues",
]
TOO_LONG_OR_BAD = [
    "q=queue&tag=" + "x" * 5000,
    "q=queue&author=" + "x" * 5000,
    "q=queue&start=" + "s" * 5000,
    "q=queue&sort=garbage",
    "q=queue&sort=newest&sort=x",
    "q=queue&country=ke",
    "q=queue&year=1e3",
]


@pytest.mark.parametrize("query_string", RAW_QUERY_STRINGS + TOO_LONG_OR_BAD)
def test_raw_query_strings_get_a_page_or_a_message(client, pages, query_string):
    bad = query_string in TOO_LONG_OR_BAD
    response = client.get("/search/?" + query_string)
    assert response.status_code == (400 if bad else 200)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input#bj-search-q") is not None
    if bad:
        assert "filter we do not know" in soup.select_one('[role="alert"]').text
    suggest = client.get("/search/suggest/?" + query_string)
    assert suggest.status_code == 200
    assert isinstance(json.loads(suggest.content)["suggestions"], list)


def test_the_last_of_repeated_parameters_counts(client, pages):
    soup = BeautifulSoup(client.get("/search/?q=the&q=caches").content, "html.parser")
    assert soup.select_one("input#bj-search-q")["value"] == "caches"
    assert [a.text for a in soup.select(".search-result__title a")] == ["Queues & <em>caches</em>"]
    soup = BeautifulSoup(
        client.get("/search/?q=queue&type=author&type=tutorial").content, "html.parser"
    )
    assert [a.text for a in soup.select(".search-result__title a")] == ["Testing queues"]


def test_a_unicode_tag_filters(client, pages):
    f.story(title="Café queues", body="queue", tags=["café"])
    response = client.get("/search/", {"q": "queue", "tag": "café"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.text for a in soup.select(".search-result__title a")] == ["Café queues"]
    labels = json.loads(client.get("/search/suggest/", {"q": "caf"}).content)["suggestions"]
    assert {"kind": "tag", "label": "#café", "type": "Tag", "url": "/tags/caf%C3%A9/"} in labels


def test_a_long_suggestion_query_is_cut(client, pages):
    response = client.get("/search/suggest/", {"q": "queue " * 1000})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert len(body["query"]) <= 200
    assert "Testing queues" in [item["label"] for item in body["suggestions"]]


@pytest.mark.parametrize("path", ["/search/", "/search/suggest/"])
def test_head_requests_answer_like_get(client, pages, path):
    """Link checkers and monitors send HEAD: the same status as GET, no body."""
    get = client.get(path, {"q": "queue"})
    head = client.head(path, {"q": "queue"})
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
    assert client.post(path, {"q": "queue"}).status_code == 405


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


GENERATED_QUERIES = 500
FILTER_VALUES = {
    "type": st.sampled_from(["story", "tutorial", "author", "page", ""]),
    "tag": st.sampled_from(["queues", "café", "not a slug", ""]) | st.text(max_size=8),
    "country": st.sampled_from(["KE", "ke", "XX", ""]),
    "year": st.sampled_from(["2024", "1200", "1e3", ""]) | st.integers().map(str),
    "start": st.text(max_size=12),
    "sort": st.sampled_from(["newest", "relevance", "garbage", ""]),
}


def test_generated_queries_never_break_the_page(client, pages):
    """At least ``GENERATED_QUERIES`` generated queries through the search page and the
    suggestions, some with generated filter values and page numbers."""
    sent = []

    @settings(
        max_examples=GENERATED_QUERIES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        query=st.one_of(
            st.text(max_size=60),
            st.text(alphabet="&|!:*()'\"<>-\\%_ queuc\x00", max_size=40),
            st.lists(
                st.sampled_from(["queue", "test", "&", "|", "!", "(", ")", ":*", "'", "<b>"])
            ).map(" ".join),
        ),
        page=st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 10).map(str)),
        filters=st.dictionaries(st.sampled_from(sorted(FILTER_VALUES)), st.just(None)).flatmap(
            lambda names: st.fixed_dictionaries({name: FILTER_VALUES[name] for name in names})
        ),
    )
    def check(query, page, filters):
        params = {"q": query, **filters}
        if page is not None:
            params["page"] = page
        response = client.get("/search/", params)
        assert response.status_code in (200, 400), params
        assert b"<script>alert" not in response.content
        if response.status_code == 400:
            assert b"filter we do not know" in response.content
        suggest = client.get("/search/suggest/", {"q": query})
        assert suggest.status_code == 200
        assert isinstance(json.loads(suggest.content)["suggestions"], list)
        sent.append(query)

    check()
    assert len(sent) >= GENERATED_QUERIES
