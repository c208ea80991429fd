"""Wagtail's SQLite (FTS5) backend, with a match in the title counted above one elsewhere.

The parent ranks with ``bm25()`` at equal column weights and then multiplies the whole row's
score by a "title norm" that favours short titles wherever the match is: a short author bio
that mentions a word once outranks the story with that word in its title. Column weights
alone do not fix it (FTS5 adds weighted hits into one term frequency, which saturates in a
long body), so this subclass ranks by ``bm25()`` plus a fixed bonus, ``TITLE_WEIGHT``, for a
row whose title column matches the whole query. (SQLite's index has one column for
everything but the title, so the summary and the body weigh the same here.)
"""

from django.db.models import Case, FloatField, Value, When
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import And, Or, Phrase, PlainText

from . import TITLE_WEIGHT


class TitleWeightedQueryCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        # bm25() is negative, lower is better: the bonus is subtracted.
        rank = BM25()
        query = normalize(self.query)
        if isinstance(query, (PlainText, Phrase, And, Or)):
            in_title = SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(["title"], self.build_search_query(query, config=config))
            ).values("pk")
            bonus = Case(
                When(pk__in=in_title, then=Value(TITLE_WEIGHT)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            rank = rank - bonus
        return rank


class TitleWeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = TitleWeightedQueryCompiler


SearchBackend = TitleWeightedSQLiteSearchBackend
