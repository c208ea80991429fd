"""Failed sign-ins lock the account, or the client address, for a while.

``ACCOUNT_LIMIT`` failures for one username, from any addresses, lock that username for
``LOCK_SECONDS``: guessing one person's password from many machines gets nowhere.
``ADDRESS_LIMIT`` failures from one client address (an IPv4 address or an IPv6 /64, as the
sign-up limits count), for any usernames, lock that address: one machine cannot try a common
password on every account. The per-address limit is higher because a school or an office
signs in from one address.

While a lock holds, nothing is checked, not even a right password, and the answer says when
to try again. A username is locked whether or not an account has it, so a lock tells nobody
which usernames exist. Counts and locks live in the shared cache (Redis in production),
counted with ``throttle.count``, so every app server sees the same failures; the keys hold
no username in clear.
"""

import logging
import math
import time

from django.core.cache import cache

from . import throttle

ACCOUNT_LIMIT = 20
ADDRESS_LIMIT = 100
# Failures count in a fixed window from the first one; a lock starts the count again.
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
KEY_PREFIX = "accounts:signin"

logger = logging.getLogger(__name__)


class SignInLockedError(Exception):
    """Too many failed sign-ins for this account or from this address, for ``seconds`` more."""

    def __init__(self, seconds):
        self.seconds = max(1, math.ceil(seconds))
        minutes = math.ceil(self.seconds / 60)
        super().__init__(
            "Too many failed sign-in attempts. "
            f"Try again in {minutes} minute{'' if minutes == 1 else 's'}."
        )


def _subjects(*, ip, account):
    """What a sign-in counts against: ``(kind, key part, limit)``."""
    subjects = [("account", throttle.hashed(account), ACCOUNT_LIMIT)]
    if ip:
        subjects.append(("address", throttle.ip_bucket(ip), ADDRESS_LIMIT))
    return subjects


def _lock_key(kind, bucket):
    return f"{KEY_PREFIX}:lock:{kind}:{bucket}"


def _failures_key(kind, bucket):
    return f"{KEY_PREFIX}:failures:{kind}:{bucket}"


def check(*, ip, account):
    """Raise ``SignInLockedError`` while this account or this client address is locked.

    ``account`` is the username, or for a password that is not an account's, what it opens
    (see ``password_views``)."""
    keys = [_lock_key(kind, bucket) for kind, bucket, _ in _subjects(ip=ip, account=account)]
    # A lock holds the moment it ends, so the answer can say how long is left.
    until = max(cache.get_many(keys).values(), default=0)
    left = until - time.time()
    if left > 0:
        raise SignInLockedError(left)


def record_failure(*, ip, account):
    """Count one failed sign-in; lock the account or the address that reaches its limit."""
    for kind, bucket, limit in _subjects(ip=ip, account=account):
        failures = throttle.count(_failures_key(kind, bucket), window=WINDOW_SECONDS)
        if failures < limit:
            continue
        # ``add``: when two servers pass the limit at once, the first lock stands.
        if cache.add(_lock_key(kind, bucket), time.time() + LOCK_SECONDS, timeout=LOCK_SECONDS):
            cache.delete(_failures_key(kind, bucket))
            # The username as typed (repr keeps a newline in it from forging a log line),
            # so whoever answers "I cannot sign in" can tell why.
            logger.warning(
                "Sign-in locked for %d minutes after %d failures: %s %r, client %s",
                LOCK_SECONDS // 60,
                failures,
                kind,
                account if kind == "account" else bucket,
                ip,
            )


def record_success(*, account):
    """A right password forgives this account's earlier failures (a few typos must not add
    up to a lock later). The client address's count stays: signing in to one's own account
    must not buy more guesses at others."""
    cache.delete(_failures_key("account", throttle.hashed(account)))
