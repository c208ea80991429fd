"""Wagtail's database search backends with the title weighted above the rest.

The issue asks for "title weighted above summary above body". Wagtail's backends derive
weights from the ``boost`` values in ``search_fields``, and ours give the page title
(Wagtail's ``Page``, boost 2) the same weight as a summary (boost 2): a body that says a word
often outranks the piece with that word in its title. These subclasses weight the title part
of the rank and change nothing else: same index tables, same matching, same filters. Settings
pick one by database engine; OpenSearch and Elasticsearch use Wagtail's own backends as they
are (they boost by field themselves).

``service_errors()`` is what searching raises when the search service is down or its client
is missing; the search page, its suggestions and the content API answer 503 for them.
"""

import importlib

from wagtail.search.backends import InvalidSearchBackendError

# How much a title match counts above a match elsewhere: on PostgreSQL it multiplies the
# title's share of the rank, on SQLite it is added to bm25()'s score (usually -1 to -8).
TITLE_WEIGHT = 10.0


def service_errors():
    """What the search service's clients raise when it is down or refuses a request: the
    clients installed now (looked up each time, so a client installed or removed is seen)."""
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


UNAVAILABLE_MESSAGE = "Search is unavailable right now. Try again in a minute, or leave out search."
