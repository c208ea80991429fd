"""The page cache: anonymous readers' pages answered from the shared cache.

It sits above the session, authentication and every view, so a page answered from the cache
costs one round trip to Redis and no SQL query. Above it, ``ConditionalGetMiddleware`` and
``CacheHeadersMiddleware`` give the stored page its ``ETag`` and ``Cache-Control`` as they
give a rendered one. The ``X-Page-Cache`` header says what happened: ``hit``, ``miss`` (the
page was rendered and kept), or ``skip`` (rendered, not kept: the rules in ``rules.py``).
The pages a process served last are also kept in its own memory (``copies.py``): for those,
a hit asks Redis for the generation only.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import set_response_etag

from . import generation, rules
from .copies import Copies

# Headers that belong to one response, never to a stored copy: the layers above set them.
NOT_STORED = {"set-cookie", "cache-control", "expires", "last-modified", "x-page-cache"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.copies = Copies(settings.PAGE_CACHE_COPIES)

    def __call__(self, request):
        if not rules.may_serve(request):
            return self.get_response(request)
        key = rules.key(request)
        if key is None:
            return self._rendered(request, None, None)
        copy = self.copies.get(key)
        if copy is not None:
            current = _current(generation.cache().get(generation.GENERATION_KEY))
            if current is not None and copy["generation"] == current:
                return _from_entry(copy)
            # Retired here; another server may have kept the page's new version already.
            entry = generation.cache().get(key)
        else:
            found = generation.cache().get_many([generation.GENERATION_KEY, key])
            current = _current(found.get(generation.GENERATION_KEY))
            entry = found.get(key)
        if current is not None and entry is not None and entry["generation"] == current:
            self.copies.put(key, entry)
            return _from_entry(entry)
        return self._rendered(request, key, current)

    def _rendered(self, request, key, current):
        response = self.get_response(request)
        if key is not None and current is not None and rules.may_keep(request, response):
            entry = _entry(response, current)
            generation.cache().set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            self.copies.put(key, entry)
            response["X-Page-Cache"] = "miss"
        else:
            response["X-Page-Cache"] = "skip"
        return response


def _current(token):
    # No token in the cache: start one (None when the cache is down).
    return token or generation.current()


def _entry(response, current):
    # The ETag is worked out once, here, rather than on every hit (ConditionalGetMiddleware
    # keeps one that is there).
    set_response_etag(response)
    return {
        "generation": current,
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        ],
        "content": response.content,
    }


def _from_entry(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
