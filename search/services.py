"""Writes the search page makes: recording what readers search for."""

from wagtail.contrib.search_promotions.models import Query

from .forms import query_terms


def search_query_record(*, query):
    """Count one search for ``query``'s words in the "most searched" report.

    Call it only for a search that found something a reader may see: a query that finds
    nothing (a draft's title, a typo, junk) is never recorded, so the report and the
    popular-searches list never show the words of a page readers cannot see. The words
    are recorded, lowercased, without the punctuation or markup the query carried."""
    words = " ".join(query_terms(query))
    if words:
        Query.get(words).add_hit()
