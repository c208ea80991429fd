"""The site's publish generation: one token in the shared cache that every change a reader
could see replaces.

A cached page is stamped with the generation that was current when its request started, and
is served only while that generation is still current. So replacing the token retires every
cached page on every app server at once, without finding or deleting them: they expire on
their own. The token is random rather than a counter, so a token lost from Redis (evicted,
or a Redis restarted empty) can never come back and revive old pages.

Every key also names the release (``RELEASE_ID``): while a deploy replaces the app servers
one by one, the old and the new code share the generation (a publish through either retires
both) but never serve each other's renderings.
"""

import hashlib
import json
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"


def cache():
    return caches[CACHE_ALIAS]


def _new_token():
    return uuid.uuid4().hex


def current():
    """The current generation, starting one if there is none; None when the cache is down."""
    token = cache().get(GENERATION_KEY)
    if token is None:
        token = _start()
    return token


def for_request(request):
    """``current()``, read once per request: every part of one page belongs to one
    generation, and Redis is asked once."""
    try:
        return request._page_generation
    except AttributeError:
        request._page_generation = current()
        return request._page_generation


MISSING = object()


def remembered(kind, parts, compute, *, request=None, alias="default"):
    """What ``compute()`` gives for ``kind`` and ``parts`` (anything JSON can write, the
    same for every reader), worked out once per generation and kept in cache ``alias``.

    ``compute`` returns ``(value, seconds)``: how long the value may be kept (``None``: the
    cache's default; 0 or less: not kept). With the cache down there is no generation, and
    everything is computed. The generation is the request's (``for_request``) when given.
    """
    token = for_request(request) if request is not None else current()
    if token is None:
        return compute()[0]
    text = json.dumps(parts, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"{kind}:{settings.RELEASE_ID}:{token}:{digest}"
    cache = caches[alias]
    value = cache.get(key, MISSING)
    if value is MISSING:
        value, seconds = compute()
        if seconds is None or seconds > 0:
            cache.set(key, value, timeout=DEFAULT_TIMEOUT if seconds is None else seconds)
    return value


def _start():
    token = _new_token()
    if cache().add(GENERATION_KEY, token, timeout=None):
        return token
    # Another server started one first (or the cache is down, and this reads None).
    return cache().get(GENERATION_KEY)


def bump(reason):
    """Retire every cached page: now, and again when the transaction that changed the content
    commits, so that a page rendered from the old content while it committed is not kept."""
    _replace(reason)
    transaction.on_commit(lambda: _replace(reason))


def _replace(reason):
    cache().set(GENERATION_KEY, _new_token(), timeout=None)
    logger.debug("Page cache generation replaced: %s", reason)
