"""Reader search: the results page and the suggestions its search box asks for.

Both read through ``search.selectors``, which start from ``visible()``. Any query text gets a
normal page; a filter value that cannot be one gets the page with a message and status 400.
When the search service cannot be reached (OpenSearch or Elasticsearch down, or its client
not installed), both answer 503 with a message rather than an error page.
"""

import json
import logging
from functools import partial
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from blog import fragments, seo
from blog.selectors import visible_tags

from . import hits, selectors
from .backends import service_errors
from .forms import FILTERS, SearchForm, clean_query, query_terms

logger = logging.getLogger(__name__)

POPULAR_TAGS = 12
# The query parameters a search reads: results for a request with any other are not kept
# (its pagination and filter links carry them).
RESULTS_QUERY = ("q", "page", "sort", *FILTERS)
# JSON that is safe even if a browser were ever talked into reading it as HTML.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _page(request, context, status=200, *, indexable=False):
    """The search page, with its own title and description for search engines and sharing.

    Search engines may index the empty search page and the first page of a plain query that
    found something, under one address per query (``?q=`` only, as the box writes it): such
    a page is a topic's reading list, like a tag page. Every other answer (a filter, a sort,
    a later page, no results, an error) says ``noindex``, so the endless combinations of
    filters never compete with the pieces themselves.
    """
    query = context.get("query")
    meta = seo.view_meta(
        request,
        title=f"Search: {query}" if query else "Search",
        description="Search the journey stories, tutorials and authors of Backend Journeys.",
        crumbs=[seo.home_crumb(), ("Search", reverse("search"))],
    )
    if indexable and query:
        meta["canonical"] = meta["url"] = f"{meta['url']}?{urlencode({'q': query})}"
    context = {**context, "meta": meta, "indexable": indexable}
    return render(request, "search/search.html", context, status=status)


def _unavailable(request, error):
    logger.error("Search is unavailable: %s", error, exc_info=error)
    context = {"query": clean_query(request.GET.get("q", "")), "unavailable": True}
    return _page(request, context, status=503)


@require_safe
def search(request):
    try:
        return _search_page(request)
    except service_errors() as error:
        return _unavailable(request, error)


def _search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {
            "form": form,
            "query": clean_query(request.GET.get("q", "")),
            "errors": form.error_messages(),
        }
        return _page(request, context, status=400)

    query, filters = form.cleaned_data["q"], form.filters
    context = {"form": form, "query": query, "filter_names": FILTERS}
    if not filters.active and not query_terms(query):
        # Nothing to search for: an empty box, or only punctuation, markup or emoji.
        context["no_words"] = bool(query)
        context["popular_queries"] = selectors.popular_queries()
        context["popular_tags"] = visible_tags()[:POPULAR_TAGS]
        return _page(request, context, indexable=not query)

    found = fragments.kept(
        request, ("search",), partial(_results, request, context), query=RESULTS_QUERY
    )
    plain = not filters.active and form.sort_order == "relevance" and set(request.GET) == {"q"}
    indexable = plain and found["recordable"]
    response = _page(request, {**context, "main": found["main"]}, indexable=indexable)
    # One hit per search typed, not per filter click or later page, and only for a search
    # that found something a reader may see: a query that finds nothing (a draft's title, a
    # typo, junk) is never counted, so the report and the popular searches never show the
    # words of a page readers cannot see.
    if found["recordable"] and not filters.active:
        hits.mark(response, query)
    return response


def _results(request, context):
    """The results' HTML, and whether the search found something on its first page with
    words to record (``fragments.kept``: the same for every reader of this version)."""
    form = context["form"]
    outcome = selectors.search(
        query=context["query"], filters=form.filters, sort=form.sort_order, request=request
    )
    extra = {}
    if not outcome.total:
        # Nothing found: other ways in, in place of an empty list.
        extra["popular_queries"] = selectors.popular_queries()
        extra["popular_tags"] = visible_tags()[:POPULAR_TAGS]
    main = render_to_string(
        "search/search_main.html", {**context, "outcome": outcome, **extra}, request
    )
    recordable = bool(outcome.total and outcome.terms and outcome.page.number == 1)
    return {"main": main, "recordable": recordable}, [hit.page for hit in outcome.page]


@require_safe
def suggest(request):
    """JSON for the search box: ``{"query": ..., "suggestions": [{kind, type, label, url}]}``.

    Labels are text: the script puts them in the page with ``textContent``."""
    query = clean_query(request.GET.get("q", ""))
    status = 200
    try:
        items = selectors.suggestions(query, request=request)
    except service_errors() as error:
        logger.error("Search suggestions are unavailable: %s", error, exc_info=error)
        items, status = [], 503
    body = json.dumps({"query": query, "suggestions": items}).translate(JSON_ESCAPES)
    return HttpResponse(body, content_type="application/json", status=status)
