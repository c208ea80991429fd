"""What a ready app server needs, each asked once, with a time limit: the database, the
shared cache (Redis), the media store (S3 or the local folder) and the search service
(OpenSearch or Elasticsearch, when configured; the database's own search is the database).

Each check returns ``None`` when it is not configured here, and raises when the service does
not answer as it should; ``run`` times each and says what is down.
"""

import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connection
from wagtail.search.backends import get_search_backend

from pagecache.backends import redis_client


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def cache():
    # The cache's own calls turn a Redis that is gone into a miss (pagecache/backends.py):
    # the client is asked directly.
    client = redis_client(caches["default"], "readyz")
    if client is None:
        return None
    client.ping()
    return "redis"


def storage():
    store = storages["default"]
    bucket = getattr(store, "bucket_name", None)
    if bucket:
        store.connection.meta.client.head_bucket(Bucket=bucket)
        return f"s3 bucket {bucket}"
    location = store.location
    if not os.access(location, os.W_OK) and os.path.exists(location):
        raise OSError(f"{location} is not writable")
    return "local folder"


def search():
    backend = get_search_backend()
    client = getattr(backend, "es", None)  # OpenSearch and Elasticsearch backends' client
    if client is None:
        return None
    if not client.ping():
        urls = settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS")
        raise ConnectionError(f"no answer from {urls}")
    return "search service"


CHECKS = {"database": database, "cache": cache, "storage": storage, "search": search}


@dataclass
class Outcome:
    name: str
    ok: bool
    milliseconds: float
    detail: str


def run():
    """Every configured check's outcome, in a fixed order."""
    outcomes = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as error:  # whatever the client raises: the service is down
            ok, detail = False, f"{type(error).__name__}: {error}"
        else:
            if detail is None:
                continue
            ok = True
        elapsed = (time.perf_counter() - started) * 1000
        outcomes.append(Outcome(name, ok, round(elapsed, 1), detail))
    return outcomes
