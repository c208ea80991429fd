"""On OpenSearch (and Elasticsearch) the search says which pages may match in a query whose
size does not grow with the site: a service refuses a filter of more than 65,536 ids by
default, and the site is meant to outgrow that.

No OpenSearch runs here, so these tests build the query Wagtail's OpenSearch backend would
send (its own compiler, no network) and check its filter: which pages it admits, read by
``admitted`` below, and how many ids it lists.
"""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from api import selectors as api_selectors
from blog.tests import factories as f
from search import selectors
from search.forms import SearchFilters

from .test_features import OPENSEARCH, _backend_settings

pytestmark = pytest.mark.django_db


def _filters(query):
    """The filter part of a compiled query (the match part says nothing of visibility)."""
    return query["bool"]["filter"]


def _id_lists(node):
    """Every list of pages the query sends, as page ids (``searchable`` sends paths)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "terms" and "path_filter" in value:
                paths = dict(Page.objects.values_list("path", "pk"))
                yield [paths[path] for path in value["path_filter"]]
            elif key == "terms" and "id_filter" in value:
                yield value["id_filter"]
            else:
                yield from _id_lists(value)
    elif isinstance(node, list):
        for item in node:
            yield from _id_lists(item)


def _admits(node, page):
    """Whether a filter clause admits ``page``: the clauses Wagtail's compiler writes for
    the lookups these querysets use (a service reads them the same way)."""
    if isinstance(node, list):
        return all(_admits(item, page) for item in node)
    (kind, body), *_ = node.items()
    if kind == "bool":
        return (
            all(_admits(item, page) for item in _as_list(body.get("must", [])))
            and not any(_admits(item, page) for item in _as_list(body.get("must_not", [])))
            and (
                "should" not in body
                or any(_admits(item, page) for item in _as_list(body["should"]))
            )
        )
    (field, value), *_ = body.items()
    if field == "_django_content_type":  # the model searched and its subclasses
        return value in _model_names(page)
    actual = {
        "live_filter": page.live,
        "content_type_id_filter": page.content_type_id,
        "path_filter": page.path,
        "depth_filter": page.depth,
        "id_filter": page.pk,
    }[field]
    if kind == "terms":
        return actual in value
    if kind == "prefix":
        return actual.startswith(value)
    if kind == "range":
        bounds = {
            "gt": actual.__gt__,
            "gte": actual.__ge__,
            "lt": actual.__lt__,
            "lte": actual.__le__,
        }
        return all(bounds[name](bound) for name, bound in value.items())
    assert kind == "term", kind
    return actual == value


def _model_names(page):
    """What the index stores as a document's ``_django_content_type``: its model and the
    concrete models it inherits from."""
    return {
        f"{model._meta.app_label}.{model.__name__}"
        for model in page.specific_class.__mro__
        if hasattr(model, "_meta") and not model._meta.abstract
    }


def _as_list(value):
    return value if isinstance(value, list) else [value]


def admitted(query):
    return {page.pk for page in Page.objects.all() if _admits(_filters(query), page)}


def compiled(searchable):
    """The query OpenSearch would be sent for a search of ``searchable``."""
    return searchable.search("lighthouse").query_compiler.get_query()


@pytest.fixture
def site():
    """Public stories, and live pages readers may not see: a private story, an author
    profile behind a password, a story whose expiry came before ``publish_scheduled`` ran."""
    author = f.author(name="Keeper")
    public = [f.story(title=f"Lighthouse {n}", authors=[author]) for n in range(3)]
    tagged = f.story(title="Lighthouse by the sea", authors=[author], tags=["sea"])
    private = f.story(title="Private lighthouse", authors=[author])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    hidden_author = f.author(name="Hidden keeper")
    PageViewRestriction.objects.create(
        page=hidden_author, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    expired = f.story(title="Expired lighthouse", authors=[author])
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save(update_fields=["expire_at"])
    draft = f.story(title="Draft lighthouse", authors=[author], live=False)
    tutorial = f.tutorial(title="Lighthouse tutorial", authors=[author])
    return {
        "public": {tagged.pk, *(page.pk for page in public)},
        "tagged": tagged.pk,
        "author": author.pk,
        "tutorial": tutorial.pk,
        "hidden": {private.pk, hidden_author.pk, expired.pk},
        "hidden_stories": {private.pk, expired.pk},
        "draft": draft.pk,
    }


def test_the_search_of_everything_admits_what_readers_may_see_and_lists_only_the_rest(
    settings, site
):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH  # after the pages are indexed
    query = compiled(selectors.searchable_pages())
    assert admitted(query) == {*site["public"], site["author"], site["tutorial"]}
    # The ids sent are the few live pages readers may not see, not the many they may.
    assert [sorted(ids) for ids in _id_lists(query)] == [sorted(site["hidden"])]


def test_the_query_does_not_grow_with_the_pages_readers_may_see(settings, site):
    database_backend = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    before = compiled(selectors.searchable_pages())
    settings.WAGTAILSEARCH_BACKENDS = database_backend  # new pages are indexed there
    more = {f.story(title=f"More lighthouse {n}").pk for n in range(30)}
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    after = compiled(selectors.searchable_pages())
    assert more <= admitted(after)
    assert list(_id_lists(after)) == list(_id_lists(before))
    assert len(str(after)) == len(str(before))


def test_a_narrow_filter_sends_the_few_pages_that_pass_it(settings, site):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    query = compiled(selectors.searchable_pages(SearchFilters(tag="sea")))
    assert admitted(query) == {site["tagged"]}
    assert list(_id_lists(query)) == [[site["tagged"]]]


def test_a_filter_most_pages_pass_sends_the_pages_that_fail_it(settings, site):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    query = compiled(selectors.searchable_pages(SearchFilters(type="story")))
    assert admitted(query) == site["public"]
    assert [sorted(ids) for ids in _id_lists(query)] == [sorted(site["hidden_stories"])]


def test_the_content_api_search_sends_the_same_short_filter(settings, site):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    request = RequestFactory().get("/api/v3/articles/", HTTP_HOST="localhost")
    listing = api_selectors.article_listing(
        api_selectors.visible_articles(request), search="lighthouse"
    )
    query = listing.query_compiler.get_query()
    assert admitted(query) == {*site["public"], site["tutorial"]}
    assert [sorted(ids) for ids in _id_lists(query)] == [sorted(site["hidden_stories"])]


def test_the_index_is_created_to_take_long_id_lists():
    """For filters most pages fail on a very large site: the index's own limit is raised."""
    default = _backend_settings(OPENSEARCH_URL="https://search.example:9200")
    assert default["INDEX_SETTINGS"]["settings"]["index"]["max_terms_count"] == 1_000_000
    chosen = _backend_settings(OPENSEARCH_URL="https://x:9200", SEARCH_MAX_TERMS="250000")
    assert chosen["INDEX_SETTINGS"]["settings"]["index"]["max_terms_count"] == 250_000


def test_wagtails_pages_endpoint_search_sends_a_short_filter_and_no_hidden_page(settings, site):
    """``/api/v3/pages/?search=``, of every page or of one type, through the reader filter."""
    from django.contrib.auth.models import AnonymousUser
    from wagtail.api.v3.querysets import get_pages_queryset
    from wagtail.search.backends import get_search_backend

    from api.guards import ReaderPageFilterSchema
    from blog.models import JourneyStoryPage

    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    request = RequestFactory().get("/api/v3/pages/", HTTP_HOST="localhost")
    request.user, request.session = AnonymousUser(), {}
    for model, expected in [
        (Page, {*site["public"], site["author"], site["tutorial"]}),
        (JourneyStoryPage, site["public"]),
    ]:
        pages = ReaderPageFilterSchema.model_construct().filter(
            get_pages_queryset(request, model), request
        )
        query = get_search_backend().search("lighthouse", pages).query_compiler.get_query()
        assert admitted(query) & {*expected, *site["hidden"], site["draft"]} == expected, model
        assert all(len(ids) <= len(site["hidden"]) for ids in _id_lists(query)), model
