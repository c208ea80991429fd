"""Limits on sign-up attempts, per address and per client, kept in the shared cache, and
the counting they share with the sign-in lock (``lockout``).

Production runs several app servers sharing one Redis, so counts live in Django's cache, not
in process memory: ``cache.add`` starts a window (it only writes when the key is missing, so
concurrent servers cannot reset each other) and ``cache.incr`` counts atomically in it.
A window is fixed: it starts with the first attempt and lasts ``WINDOW_SECONDS``.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

ADDRESS_LIMIT = 3
IP_LIMIT = 10
WINDOW_SECONDS = 60 * 60
KEY_PREFIX = "accounts:signup"


class TooManyAttemptsError(Exception):
    """More sign-up attempts than the limits allow in the current window."""


def client_ip(request):
    """The address the request came from.

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) that is ``REMOTE_ADDR``. Behind N load
    balancers that each append the address they saw to ``X-Forwarded-For``, it is the N-th
    entry from the right: the entries further left were written by the client and prove
    nothing.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def ip_bucket(ip):
    """One IPv4 address, or an IPv6 /64: one client usually holds a whole /64."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return hashlib.sha256(ip.encode("utf-8", "replace")).hexdigest()
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def hashed(name):
    """A cache key part for an address or a username that does not hold it in clear."""
    normalised = name.strip().lower()
    return hashlib.sha256(normalised.encode("utf-8", "replace")).hexdigest()


def count(key, *, window=WINDOW_SECONDS):
    """Add one attempt to ``key``'s window and return the count so far."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: start a new one
        cache.add(key, 1, timeout=window)
        return 1


def count_attempt(*, ip, email=None):
    """Record one sign-up attempt; raise ``TooManyAttemptsError`` once a limit is passed.

    Both counts go up before either is checked, so every attempt counts, allowed or not.
    """
    counts = [(count(f"{KEY_PREFIX}:ip:{ip_bucket(ip)}"), IP_LIMIT)]
    if email:
        counts.append((count(f"{KEY_PREFIX}:address:{hashed(email)}"), ADDRESS_LIMIT))
    if any(so_far > limit for so_far, limit in counts):
        raise TooManyAttemptsError("Too many sign-up attempts. Try again in an hour.")
