"""Wagtail's PostgreSQL backend, with the title's rank counted ``TITLE_WEIGHT`` times and the
match read through the index of migration 0004.

The summary already ranks above the body there (boost 2 against none: weights B and D).

The parent matches ``title || body`` against the query, which the planner prices as if it
were free and so computes for every index entry rather than use an index (see
``search/migrations/0004_search_document_function_index.py``). This compiler matches the
same vector as ``bj_search_document(title, body)``, which that migration defines and
indexes: same matches, same ranks, the planner reads the GIN index instead.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not

from . import TITLE_WEIGHT

DOCUMENT_FUNCTION = "bj_search_document"


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
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class TitleWeightedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = TitleWeightedQueryCompiler


SearchBackend = TitleWeightedPostgresSearchBackend
