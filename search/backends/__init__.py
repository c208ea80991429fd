"""Wagtail's database search backends with the title weighted above the rest.

The issue asks for "title weighted above summary above body". Wagtail's backends derive
weights from the ``boost`` values in ``search_fields``, and ours give the page title
(Wagtail's ``Page``, boost 2) the same weight as a summary (boost 2): a body that says a word
often outranks the piece with that word in its title. These subclasses weight the title part
of the rank and change nothing else: same index tables, same matching, same filters. Settings
pick one by database engine; OpenSearch and Elasticsearch use Wagtail's own backends as they
are (they boost by field themselves).
"""

# How much a title match counts above a match elsewhere: on PostgreSQL it multiplies the
# title's share of the rank, on SQLite it is added to bm25()'s score (usually -1 to -8).
TITLE_WEIGHT = 10.0
