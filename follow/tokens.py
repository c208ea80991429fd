"""The signed links in follow emails, made the way ``accounts.tokens`` makes its own.

Each token names a follower (or one of their subscriptions) and carries a fingerprint of the
follower's address, so a link made for one address never acts for another, and holds no
address in readable form.

- confirm: starts one subscription, with the frequency asked for; expires after
  ``CONFIRM_MAX_AGE``;
- unsubscribe: stops the subscriptions that brought one email; never expires (RFC 8058: the
  one-click link must keep working);
- manage: opens the page listing an address's subscriptions; expires after
  ``MANAGE_MAX_AGE`` (every email carries a fresh one).
"""

import datetime

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM_SALT = "follow.tokens.confirm"
UNSUBSCRIBE_SALT = "follow.tokens.unsubscribe"
MANAGE_SALT = "follow.tokens.manage"
CONFIRM_MAX_AGE = datetime.timedelta(days=3)
MANAGE_MAX_AGE = datetime.timedelta(days=60)


class InvalidTokenError(Exception):
    """Tampered with, cut short, or for an address that follows nothing any more."""


class ExpiredTokenError(InvalidTokenError):
    """Genuine but too old."""


def confirm_valid_days():
    return max(1, round(CONFIRM_MAX_AGE.total_seconds() / 86400))


def fingerprint(follower):
    value = f"{follower.pk}:{follower.email}:{follower.created_at.isoformat()}"
    return salted_hmac("follow.tokens.fingerprint", value, algorithm="sha256").hexdigest()[:24]


def matches(follower, data):
    return constant_time_compare(fingerprint(follower), data["f"])


def _load(token, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredTokenError("This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise InvalidTokenError("This link is not valid.") from None
    if not isinstance(data, dict) or not isinstance(data.get("f"), str):
        raise InvalidTokenError("This link is not valid.")
    return data


def _ints(value):
    if not isinstance(value, list) or not all(type(item) is int for item in value):
        raise InvalidTokenError("This link is not valid.")
    return value


def make_confirm(subscription, frequency):
    data = {"s": subscription.pk, "q": frequency, "f": fingerprint(subscription.follower)}
    return signing.dumps(data, salt=CONFIRM_SALT)


def read_confirm(token):
    """``(subscription_pk, frequency, data)``."""
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if type(data.get("s")) is not int or not isinstance(data.get("q"), str):
        raise InvalidTokenError("This link is not valid.")
    return data["s"], data["q"], data


def make_unsubscribe(follower, subscription_ids):
    data = {"a": follower.pk, "s": sorted(subscription_ids), "f": fingerprint(follower)}
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe(token):
    """``(follower_pk, subscription_ids, data)``."""
    data = _load(token, UNSUBSCRIBE_SALT)
    if type(data.get("a")) is not int:
        raise InvalidTokenError("This link is not valid.")
    return data["a"], _ints(data.get("s")), data


def make_manage(follower):
    return signing.dumps({"a": follower.pk, "f": fingerprint(follower)}, salt=MANAGE_SALT)


def read_manage(token):
    """``(follower_pk, data)``."""
    data = _load(token, MANAGE_SALT, MANAGE_MAX_AGE)
    if type(data.get("a")) is not int:
        raise InvalidTokenError("This link is not valid.")
    return data["a"], data
