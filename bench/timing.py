"""Timing a page through Django's test client: URL resolution, middleware, the view, its
queries and the template, as a request goes, without a network in between."""

import statistics
import time

from django.test import Client


def percentile(values, share):
    """The nearest-rank percentile of ``values`` (``share`` from 0 to 1)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def host(allowed_hosts):
    """A host name the site answers to, for the test client's ``Host`` header."""
    for name in allowed_hosts:
        if name and name != "*" and not name.startswith("."):
            return name
    return "localhost"


def measure(client: Client, path, params, repeat, *, before=None):
    """Milliseconds for ``repeat`` requests of ``path`` with ``params`` (after one warm-up),
    calling ``before()`` untimed before each one when given."""
    timings = []
    for attempt in range(repeat + 1):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(path, params)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} for {params}")
        if attempt:
            timings.append(elapsed)
    return timings


def summary(timings):
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "n": len(timings),
    }
