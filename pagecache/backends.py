"""Django's Redis cache, which a Redis that is gone does not turn into a 500.

Every cache on the site is an optimisation: the page cache, renditions, fragments, rate
counters. When Redis stops answering, each call here logs a warning (at most one a minute
per process) and behaves as a miss: reads return their default, writes are dropped, and the
site renders pages the slow way until Redis is back. The connection and socket timeouts
(``OPTIONS`` in the settings) keep a Redis that accepts and never answers from holding a
request for longer than they say.

Django's Redis cache builds a new ``redis.Redis`` object for every call, and building one
fills its table of about 170 reply handlers: on a page served from the cache that was half
of the request's processor time. ``KeptClients`` builds one per connection pool and keeps it
(a ``redis.Redis`` is safe to share between threads; its pool hands out the connections).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60


class _Warnings:
    last = float("-inf")

    @classmethod
    def cache_down(cls, operation, error):
        now = time.monotonic()
        if now - cls.last >= WARN_EVERY_SECONDS:
            cls.last = now
            logger.warning(
                "The cache is not answering (%s: %s); pages are served without it until it "
                "is back. Check REDIS_URL and that Redis is running.",
                operation,
                error,
            )


def _forgiving(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _Warnings.cache_down(method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


def _get_default(key, default=None, version=None):
    return default


def _no_keys(*args, **kwargs):
    return {}


def _all_keys_failed(data, *args, **kwargs):
    return list(data)


class KeptClients(RedisCacheClient):
    """Django's client, with one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def redis_client(cache, key):
    """The ``redis.Redis`` behind a Django Redis cache, for what the cache API cannot say
    (a hash counter, a ping); None when ``cache`` is not a Redis cache. Its calls raise
    ``RedisError`` rather than being forgiven."""
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(cache.make_and_validate_key(key), write=True)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClients

    get = _forgiving(_get_default)(RedisCache.get)
    get_many = _forgiving(_no_keys)(RedisCache.get_many)
    has_key = _forgiving(False)(RedisCache.has_key)
    add = _forgiving(False)(RedisCache.add)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving(_all_keys_failed)(RedisCache.set_many)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    clear = _forgiving(False)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        # A missing key is the caller's ValueError, as in every Django cache; a Redis
        # that is gone is a ValueError too, so callers' "start the count" path runs.
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _Warnings.cache_down("incr", error)
            raise ValueError(f"Key {key!r} not found: the cache is not answering") from error
