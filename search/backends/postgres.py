"""Wagtail's PostgreSQL backend, with the title's rank counted ``TITLE_WEIGHT`` times and the
match read through the index of migration 0004.

The summary already ranks above the body there (boost 2 against none: weights B and D).

The parent matches ``title || body`` against the query, which the planner prices as if it
were free and so computes for every index entry rather than use an index (see
``search/migrations/0004_search_document_function_index.py``). This compiler matches the
same vector as ``bj_search_document(title, body)``, which that migration defines and
indexes: same matches, same ranks, the planner reads the GIN index instead.

**Ranking a bounded set.** A common word matches half of a large site, and ranking every
match (``ts_rank`` of each one's title and body) to show 12 costs most of a search. The rank
is the title's ``ts_rank`` times its norm times ``TITLE_WEIGHT``, plus the body's. PostgreSQL's
``ts_rank`` (``tsrank.c``, no normalisation) cannot exceed ``1 + 1/1.6449…`` times the largest
weight in the vector for one word (or "or"), nor 1 for "and" (``body_rank_bound``); a title
without any of the words adds 1e-20 times its norm. So a match whose title has none of the
words ranks at most ``body_rank_bound()``. The compiler first ranks only the matches whose title
has one of the words (the title's own GIN index); when the last of the ``stop`` best of those
ranks above the bound, nothing else can come before it, and those are the results, in exactly
the order ranking every match gives (same rank, same ``-pk`` tie-break). Otherwise (few title
matches, or a long title's small norm) it ranks every match as before.
"""

import functools

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func, IntegerField
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.weights import WEIGHTS, WEIGHTS_VALUES, get_weight
from modelsearch.index import SearchField, get_indexed_models
from modelsearch.query import Fuzzy, MatchAll, Not, PlainText
from modelsearch.utils import get_search_fields

from . import TITLE_WEIGHT

DOCUMENT_FUNCTION = "bj_search_document"
# ts_rank of one word: at most the weight times (1 + 1/(π²/6)), the sum of 1/i² it divides by.
ONE_WORD_FACTOR = 1 + 1 / 1.64493406685
# Above the 1e-20 ts_rank gives a title without the words, times any title norm, and rounding.
MARGIN = 1e-6


@functools.cache
def body_rank_bound(model, *, one_word):
    """The highest ``ts_rank`` the body of an index entry of ``model`` (or a subclass) can
    get: one word (a query of one lexeme) at most its weight times ``ONE_WORD_FACTOR``;
    "and" combines pairs as probabilities, at most 1. The body holds every search field but
    the titles, so the largest weight is that of the most boosted of those."""
    value_of = dict(zip(reversed(WEIGHTS), WEIGHTS_VALUES, strict=True))
    weights = [
        value_of[get_weight(field.boost)]
        for indexed in get_indexed_models()
        if issubclass(indexed, model)
        for field in get_search_fields(indexed.get_search_fields())
        if isinstance(field, SearchField) and field.field_name != "title"
    ]
    bound = ONE_WORD_FACTOR * max(weights, default=1.0)
    return (bound if one_word else max(1.0, bound)) + MARGIN


class QueryNodes(Func):
    """How many words and operators a ``tsquery`` has: 1 for a single word."""

    function = "numnode"
    output_field = IntegerField()


class SearchDocument(Func):
    """``title || body`` of an index entry, as the indexed function computes it."""

    function = DOCUMENT_FUNCTION
    output_field = SearchVectorField()


class TitleWeightedQueryCompiler(PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]

    def search(self, config, start, stop, score_field=None, backend=None):
        special = isinstance(self.query, (MatchAll, Fuzzy)) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        )
        if special or self.fields is not None:
            # Searches on named fields build their vectors per query: nothing to index.
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        # The parent's search, matching the indexed document instead of ``title || body``.
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_index_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        document = SearchDocument(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.annotate(_vector_=document).filter(_vector_=search_query)
        if self.order_by_relevance and stop is not None and isinstance(self.query, PlainText):
            best = self._best_by_title(queryset, search_query, rank_expression, stop, config)
            if best is not None:
                queryset = queryset.filter(pk__in=best)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def _best_by_title(self, queryset, search_query, rank_expression, stop, config):
        """The ids of the ``stop`` best matches when they are all among the matches whose
        title has one of the words (see the module's docstring); ``None`` when they may
        not be."""
        any_word = self.build_tsquery(PlainText(self.query.query_string, operator="or"), config)
        in_title = (
            queryset.annotate(_title_=F("index_entries__title"))
            .filter(_title_=any_word)
            .annotate(_rank_=rank_expression, _nodes_=QueryNodes(search_query))
            .order_by("-_rank_", "-pk")
            .values_list("pk", "_rank_", "_nodes_")[:stop]
        )
        best = list(in_title)
        if not best or len(best) < stop:
            return None
        _pk, last_rank, nodes = best[-1]
        if last_rank <= body_rank_bound(self.queryset.model, one_word=nodes == 1):
            return None
        return [pk for pk, _rank, _nodes in best]


class TitleWeightedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = TitleWeightedQueryCompiler


SearchBackend = TitleWeightedPostgresSearchBackend
