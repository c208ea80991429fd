"""Wagtail's PostgreSQL backend, with the title's rank counted ``TITLE_WEIGHT`` times.

The summary already ranks above the body there (boost 2 against none: weights B and D)."""

from django.db.models import F
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from . import TITLE_WEIGHT


class TitleWeightedQueryCompiler(PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]


class TitleWeightedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = TitleWeightedQueryCompiler


SearchBackend = TitleWeightedPostgresSearchBackend
