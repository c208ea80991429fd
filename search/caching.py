"""What a search keeps in the default cache: read again until anything readers see changes.

Entries are keyed on the site's publish generation (``pagecache.generation``), replaced by
every publish, unpublish, move, deletion or privacy change, so an entry is never served once
what it counted may have changed: a new generation asks for new keys, and the old entries
expire on their own. With the cache down (no generation) nothing is kept and everything is
computed.
"""

import hashlib
import json

from django.core.cache import caches

from pagecache import generation

CACHE_ALIAS = "default"
MISSING = object()


def _key(kind, generation_token, parts):
    text = json.dumps([generation_token, parts], sort_keys=True, default=str)
    return f"search:{kind}:{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}"


def remembered(kind, parts, compute):
    """``compute()``, or what it gave for the same ``kind`` and ``parts`` (the normalised
    words and filters) in the current generation."""
    token = generation.current()
    if token is None:
        return compute()
    cache = caches[CACHE_ALIAS]
    key = _key(kind, token, parts)
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value)
    return value
