"""Reader search: the results page and the suggestions its search box asks for.

Both read through ``search.selectors``, which start from ``visible()``. Any query text gets a
normal page; a filter value that cannot be one gets the page with a message and status 400.
"""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from blog.selectors import visible_tags

from . import selectors
from .forms import FILTERS, SearchForm, clean_query, query_terms
from .services import search_query_record

POPULAR_TAGS = 12
# JSON that is safe even if a browser were ever talked into reading it as HTML.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@require_GET
def search(request):
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


@require_GET
def suggest(request):
    """JSON for the search box: ``{"query": ..., "suggestions": [{kind, type, label, url}]}``.

    Labels are text: the script puts them in the page with ``textContent``."""
    query = clean_query(request.GET.get("q", ""))
    items = selectors.suggestions(query, request=request)
    body = json.dumps({"query": query, "suggestions": items}).translate(JSON_ESCAPES)
    return HttpResponse(body, content_type="application/json")
