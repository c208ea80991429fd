"""Reader search: the results page and the suggestions its search box asks for.

Both read through ``search.selectors``, which start from ``visible()``. Any query text gets a
normal page; a filter value that cannot be one gets the page with a message and status 400.
When the search service cannot be reached (OpenSearch or Elasticsearch down, or its client
not installed), both answer 503 with a message rather than an error page.
"""

import importlib
import json
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.search.backends import InvalidSearchBackendError

from blog.selectors import visible_tags

from . import selectors
from .forms import FILTERS, SearchForm, clean_query, query_terms
from .services import search_query_record

logger = logging.getLogger(__name__)

POPULAR_TAGS = 12
# JSON that is safe even if a browser were ever talked into reading it as HTML.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _service_errors():
    """What the search service's clients raise when it is down or refuses a request."""
    errors = [InvalidSearchBackendError]
    for module, name in [
        ("opensearchpy.exceptions", "OpenSearchException"),
        ("elasticsearch", "ApiError"),
        ("elastic_transport", "TransportError"),
    ]:
        try:
            errors.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(errors)


SERVICE_ERRORS = _service_errors()


def _unavailable(request, error):
    logger.error("Search is unavailable: %s", error, exc_info=error)
    context = {"query": clean_query(request.GET.get("q", "")), "unavailable": True}
    return render(request, "search/search.html", context, status=503)


@require_safe
def search(request):
    try:
        return _search_page(request)
    except SERVICE_ERRORS as error:
        return _unavailable(request, error)


def _search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {
            "form": form,
            "query": clean_query(request.GET.get("q", "")),
            "errors": form.error_messages(),
        }
        return render(request, "search/search.html", context, status=400)

    query, filters, sort = form.cleaned_data["q"], form.filters, form.sort_order
    context = {"form": form, "query": query, "filter_names": FILTERS}
    if not filters.active and not query_terms(query):
        # Nothing to search for: an empty box, or only punctuation, markup or emoji.
        context["no_words"] = bool(query)
        context["popular_queries"] = selectors.popular_queries()
        context["popular_tags"] = visible_tags()[:POPULAR_TAGS]
        return render(request, "search/search.html", context)

    outcome = selectors.search(query=query, filters=filters, sort=sort, request=request)
    # One hit per search typed, not per filter click or later page, and only for a search
    # that found something a reader may see.
    if outcome.total and outcome.terms and not filters.active and outcome.page.number == 1:
        search_query_record(query=query)
    context["outcome"] = outcome
    return render(request, "search/search.html", context)


@require_safe
def suggest(request):
    """JSON for the search box: ``{"query": ..., "suggestions": [{kind, type, label, url}]}``.

    Labels are text: the script puts them in the page with ``textContent``."""
    query = clean_query(request.GET.get("q", ""))
    status = 200
    try:
        items = selectors.suggestions(query, request=request)
    except SERVICE_ERRORS as error:
        logger.error("Search suggestions are unavailable: %s", error, exc_info=error)
        items, status = [], 503
    body = json.dumps({"query": query, "suggestions": items}).translate(JSON_ESCAPES)
    return HttpResponse(body, content_type="application/json", status=status)
