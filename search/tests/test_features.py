"""The "no results" page's correction and related tags, editors' picks at the top, the most
searched queries in the admin, the search backend switch and the fixed query count."""

import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from blog.tests import factories as f
from search.selectors import searchable_pages

pytestmark = pytest.mark.django_db


def soup_of(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [link.text for link in soup.select(".search-result__title a")]


@pytest.fixture
def library():
    author = f.author(name="Ada Example")
    kubernetes = f.story(
        title="Kubernetes after the warehouse",
        body="Moving pallets, then moving containers.",
        tags=["kubernetes", "devops"],
        authors=[author],
    )
    f.tutorial(
        title="Postgres permissions explained",
        body="Roles and grants.",
        tags=["postgresql"],
        authors=[author],
    )
    f.story(title="A hidden draft about kubernetes", live=False, tags=["secret-tag"])
    return kubernetes


def test_a_misspelled_query_offers_the_corrected_spelling(client, library):
    soup = soup_of(client, q="kubernetse")
    assert titles(soup) == []
    correction = soup.select_one(".search-correction a")
    assert correction.text == "kubernetes"
    corrected = soup_of(client, **dict(p.split("=") for p in correction["href"][1:].split("&")))
    assert titles(corrected) == ["Kubernetes after the warehouse"]


def test_no_results_offers_related_tags_readers_can_see(client, library):
    soup = soup_of(client, q="devopz")
    assert titles(soup) == []
    tags = [link.text.strip().lstrip("#") for link in soup.select(".search-message a")]
    assert "devops" in tags
    assert "secret-tag" not in soup.text


def test_no_correction_towards_a_word_only_a_draft_has(client, library):
    # "secret" is a word of the draft's tag ("secret-tag") and of nothing readers may see.
    soup = soup_of(client, q="secrte")
    assert titles(soup) == []
    assert soup.select_one(".search-correction") is None
    assert "secret" not in soup.select_one(".search-main").text.lower().replace("secrte", "")


def test_no_correction_when_nothing_is_close(client, library):
    soup = soup_of(client, q="xylophonequartz")
    assert "We have no story, tutorial or author with these words" in soup.text
    assert soup.select_one(".search-correction") is None


def test_editors_picks_come_before_the_results(client, library):
    tutorial = f.tutorial(title="Containers from scratch", body="kubernetes pods")
    SearchPromotion.objects.create(
        query=Query.get("kubernetes"), page=tutorial, sort_order=0, description="Start here."
    )
    soup = soup_of(client, q="Kubernetes")
    picks = soup.select_one(".search-promoted")
    results = soup.select_one(".search-results")
    assert [a.text for a in picks.select("a")] == ["Containers from scratch"]
    assert "Start here." in picks.text
    # The pick is on the page before the first result.
    assert str(soup).index("search-promoted") < str(soup).index("search-results")
    assert results is not None


def test_the_most_searched_queries_show_in_the_admin(client, admin_client, library):
    for _ in range(3):
        client.get("/search/", {"q": "Kubernetes"})
    client.get("/search/", {"q": "permissions"})
    # A filter click on the same words is no new search.
    client.get("/search/", {"q": "permissions", "type": "tutorial"})
    assert Query.get("kubernetes").hits == 3
    assert Query.get("permissions").hits == 1
    report = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert report.status_code == 200
    text = BeautifulSoup(report.content, "html.parser").text
    assert "kubernetes" in text and "permissions" in text
    promotions = admin_client.get(reverse("wagtailsearchpromotions:index"))
    assert promotions.status_code == 200


def test_popular_searches_on_the_landing_page(client, library):
    client.get("/search/", {"q": "kubernetes"})
    soup = soup_of(client)
    assert [a.text for a in soup.select(".search-popular a")] == ["kubernetes"]


def _backend_settings(**variables):
    unset = {"OPENSEARCH_URL", "ELASTICSEARCH_URL", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(variables)
    code = (
        "import json, config.settings.base as s; "
        "print(json.dumps(s.WAGTAILSEARCH_BACKENDS['default']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_one_variable_switches_to_opensearch_or_elasticsearch():
    database = _backend_settings()
    assert database["BACKEND"] == "search.backends.sqlite"
    postgres = _backend_settings(DATABASE_URL="postgres://u@db:5432/x")
    assert postgres["BACKEND"] == "search.backends.postgres"
    opensearch = _backend_settings(OPENSEARCH_URL="https://search.example:9200")
    assert opensearch["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert opensearch["URLS"] == ["https://search.example:9200"]
    elastic = _backend_settings(ELASTICSEARCH_URL="http://es:9200")
    assert elastic["BACKEND"] == "wagtail.search.backends.elasticsearch9"


def test_starting_points_differing_in_case_are_one_facet_value(client):
    """Starting points are free text: "Teacher" and "teacher" are one value, whose count is
    what its link lists, labelled with the spelling most stories use."""
    for n, start in enumerate(["Teacher", "teacher", "Teacher", "Nurse"]):
        f.story(title=f"Lighthouse {n}", body="lighthouse", starting_point=start)
    soup = soup_of(client, q="lighthouse")
    values = {
        link.get_text(" ", strip=True): link["href"]
        for link in soup.select('.facet[data-facet="start"] a')
    }
    assert set(values) == {"Teacher 3 results", "Nurse 1 result"}
    teachers = client.get("/search/" + values["Teacher 3 results"])
    listed = titles(BeautifulSoup(teachers.content, "html.parser"))
    assert sorted(listed) == ["Lighthouse 0", "Lighthouse 1", "Lighthouse 2"]
    # Whatever case the link is typed in, the same stories, and the value shows as chosen.
    typed = soup_of(client, q="lighthouse", start="TEACHER")
    assert sorted(titles(typed)) == sorted(listed)
    chosen = typed.select_one('.facet[data-facet="start"] a[aria-current="true"]')
    assert chosen.get_text(" ", strip=True).endswith("Teacher 3")


def test_the_match_reads_the_search_index(db):
    """PostgreSQL: the match goes through migration 0004's GIN index (the planner preferred
    to concatenate every index entry's vectors before it). SQLite: through FTS5."""
    from django.db import connection

    f.story(title="Indexed lighthouse", body="lighthouse")
    matches = searchable_pages().search("lighthouse")
    queryset = matches.get_queryset()
    sql, params = queryset.query.sql_with_params()
    assert [page.title for page in queryset] == ["Indexed lighthouse"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            entry = '"wagtailsearch_indexentry"'
            assert f'bj_search_document({entry}."title", {entry}."body") @@' in sql
            # The index covers exactly that expression. (On a handful of rows the planner
            # rightly prefers other paths; the question is whether the index can answer.)
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM wagtailsearch_indexentry"
                " WHERE bj_search_document(title, body) @@ to_tsquery('english', 'lighthouse')"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_indexentry_document_gin" in plan, plan
        else:
            assert " MATCH " in sql.upper()
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan


OPENSEARCH = {
    "default": {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": ["http://127.0.0.1:9"],  # nothing listens there
        "INDEX_PREFIX": "test_",
        "TIMEOUT": 1,
    }
}


@pytest.fixture
def opensearch_without_its_client(settings, monkeypatch):
    """OPENSEARCH_URL set on a machine without opensearch-py, whether or not this one has it."""
    monkeypatch.setitem(sys.modules, "opensearchpy", None)  # ``import opensearchpy`` fails
    for name in [
        "modelsearch.backends.opensearch2",
        "modelsearch.backends.opensearch3",
        "wagtail.search.backends.opensearch3",
    ]:
        monkeypatch.delitem(sys.modules, name, raising=False)
        # An earlier test may have imported it: its package keeps it as an attribute, which
        # the backend loader's fallback (``import_string``) would find.
        package, _, module = name.rpartition(".")
        monkeypatch.delattr(sys.modules[package], module, raising=False)
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH


def test_the_check_says_when_the_search_client_is_missing(opensearch_without_its_client):
    from search.checks import search_backends_load

    [error] = search_backends_load()
    assert error.id == "search.E001"
    assert "opensearchpy" in error.msg
    assert "opensearch-py>=3,<4" in error.hint and "unset OPENSEARCH_URL" in error.hint


def test_the_check_passes_with_the_database_backend():
    from search.checks import search_backends_load

    assert search_backends_load() == []


def test_search_answers_503_with_a_message_when_the_service_is_unavailable(
    client, opensearch_without_its_client, settings
):
    settings.PAGE_CACHE = False  # the landing page is asked twice, the service each time
    for params in [{"q": "kubernetes"}, {"q": "kubernetes", "type": "story"}]:
        response = client.get("/search/", params)
        assert response.status_code == 503
        soup = BeautifulSoup(response.content, "html.parser")
        assert "Search is unavailable right now" in soup.select_one('[role="alert"]').text
        assert soup.select_one("input#bj-search-q")["value"] == params.get("q", "")
    # The landing page asks the service nothing until there are popular searches to check.
    assert client.get("/search/").status_code == 200
    Query.get("kubernetes").add_hit()
    assert client.get("/search/").status_code == 503
    suggest = client.get("/search/suggest/", {"q": "kube"})
    assert suggest.status_code == 503
    assert json.loads(suggest.content) == {"query": "kube", "suggestions": []}


@pytest.fixture
def opensearch_down(settings):
    """OPENSEARCH_URL set, its client installed (requirements.txt pins it), nothing there."""
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH


def test_with_opensearch_down_searching_answers_503_and_the_rest_of_the_site_works(
    client, opensearch_down
):
    story = f.story(title="Still readable", body="kubernetes")
    response = client.get("/search/", {"q": "kubernetes"})
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.content.decode()
    for path in ["/api/v3/stories/", "/api/v3/articles/", "/api/v3/pages/"]:
        searched = client.get(path, {"search": "kubernetes"})
        assert searched.status_code == 503, path
        assert searched.json()["detail"].startswith("Search is unavailable right now")
        assert client.get(path).status_code == 200, path
    assert client.get(story.url).status_code == 200
    # Publishing indexes the page through the backend that is down: it still publishes.
    draft = f.story(title="Published while search is down", live=False)
    draft.save_revision().publish()
    assert client.get(draft.url).status_code == 200


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE = False  # counts the queries of rendering the page
    author = f.author(name="Counted Author")
    for n in range(2):
        f.story(
            title=f"Counted story {n}", body="counted words", tags=["counted"], authors=[author],
            cover_image=f.image(),
        )  # fmt: skip
    client.get("/search/", {"q": "counted"})  # warm caches (content types, site)
    caches["default"].clear()  # facet counts too are counted again, as after a publish
    with django_assert_max_num_queries(40) as few:
        client.get("/search/", {"q": "counted"})
    for n in range(2, 14):
        f.tutorial(
            title=f"Counted tutorial {n}", body="counted words", tags=[f"counted-{n}"],
            authors=[f.author(name=f"Counted Writer {n}")], cover_image=f.image(),
        )  # fmt: skip
    caches["default"].clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        soup = soup_of(client, q="counted")
    assert len(titles(soup)) == 12
    # Counted facets kept for the generation: fewer queries, still not growing.
    with django_assert_max_num_queries(len(few.captured_queries) - 3):
        assert len(titles(soup_of(client, q="counted"))) == 12
