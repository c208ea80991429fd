"""Counting searches without a database write in the request.

The search page marks a search worth counting with a header (``mark``); the middleware
above the page cache takes the header off every response, rendered or served from the
cache, and counts it (``record``). With Redis, that is one ``HINCRBY`` on a hash every app
server shares, and ``flush`` moves the pending counts into Wagtail's "most searched" report
(``Query`` daily hits) in one transaction: ``manage.py flush_search_hits``, run every minute
(``make run`` does). Without Redis the site is one process, and the count is written at once.
A Redis that is gone loses the searches counted meanwhile, never a page.
"""

import datetime
import logging
from urllib.parse import quote, unquote

from django.core.cache import caches
from django.db import models, transaction
from django.utils import timezone
from redis.exceptions import RedisError
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from pagecache.backends import redis_client

from .forms import query_terms

logger = logging.getLogger(__name__)

HEADER = "X-Search-Hit"
PENDING_KEY = "search-hits"
SEPARATOR = "\t"


def mark(response, query):
    """Ask for one search of ``query``'s words to be counted (lowercased, without the
    punctuation or markup the query carried)."""
    words = " ".join(query_terms(query))
    if words:
        response[HEADER] = quote(words)


class _Redis:
    def __init__(self, client, key):
        self.client = client
        self.key = key

    def add(self, field):
        self.client.hincrby(self.key, field, 1)

    def take(self):
        pipe = self.client.pipeline(transaction=True)
        pipe.hgetall(self.key)
        pipe.delete(self.key)
        counts, _deleted = pipe.execute()
        return _decoded(counts)

    def peek(self):
        return _decoded(self.client.hgetall(self.key))


def _decoded(counts):
    return {field.decode(): int(count) for field, count in counts.items()}


def pending():
    """The shared pending counts, or None without Redis."""
    cache = caches["default"]
    client = redis_client(cache, PENDING_KEY)
    return None if client is None else _Redis(client, cache.make_and_validate_key(PENDING_KEY))


def record(words, *, today=None):
    today = today or timezone.localdate()
    shared = pending()
    if shared is None:
        # No Redis, so one process (make run): nothing else would ever move the counts.
        _add_hits(today, words, 1)
        return
    try:
        shared.add(f"{today.isoformat()}{SEPARATOR}{words}")
    except RedisError as error:
        logger.warning("A search was not counted: the cache is not answering (%s)", error)


def flush(*, dry_run=False):
    """Move the pending counts into the report (with ``dry_run``, only read them); the
    pending counts as {"day<TAB>words": searches}."""
    shared = pending()
    if shared is None:
        return {}
    counts = shared.peek() if dry_run else shared.take()
    if not dry_run:
        with transaction.atomic():
            for field, count in counts.items():
                day, words = field.split(SEPARATOR, 1)
                _add_hits(datetime.date.fromisoformat(day), words, count)
    return counts


def _add_hits(day, words, count):
    daily, _created = QueryDailyHits.objects.get_or_create(query=Query.get(words), date=day)
    daily.hits = models.F("hits") + count
    daily.save(update_fields=["hits"])


class SearchHitsMiddleware:
    """Takes the search page's mark off the response and counts the search (page cache or
    not): above ``pagecache.middleware.PageCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marked = response.get(HEADER)
        if marked:
            del response[HEADER]
            record(unquote(marked))
        return response
