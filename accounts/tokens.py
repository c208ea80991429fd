"""Signed, expiring links that confirm a contributor's address.

A token names the account and carries a fingerprint of its email and password hash, so a
link made for one account never confirms another (a deleted account's id reused, an address
changed by an administrator). It holds no address or name in readable form.
"""

import datetime

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "accounts.tokens.confirm-address"
# How long a confirmation link works. Read at call time, so tests and settings may change it.
CONFIRM_MAX_AGE = datetime.timedelta(days=3)


class InvalidTokenError(Exception):
    """The link was tampered with, cut short, or belongs to no sign-up."""


class ExpiredTokenError(InvalidTokenError):
    """The link was genuine but is older than ``CONFIRM_MAX_AGE``."""


def valid_days():
    return max(1, round(CONFIRM_MAX_AGE.total_seconds() / 86400))


def _fingerprint(user):
    value = f"{user.pk}:{user.email}:{user.password}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def make_confirm_token(user):
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT)


def read_confirm_token(token):
    """Return ``(user_pk, fingerprint)``; raise ``ExpiredTokenError`` or ``InvalidTokenError``."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredTokenError("This confirmation link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidTokenError("This confirmation link is not valid.") from None
    user_pk = data.get("u") if isinstance(data, dict) else None
    fingerprint = data.get("f") if isinstance(data, dict) else None
    if type(user_pk) is not int or not isinstance(fingerprint, str):
        raise InvalidTokenError("This confirmation link is not valid.")
    return user_pk, fingerprint


def token_matches(user, fingerprint):
    return constant_time_compare(_fingerprint(user), fingerprint)


# The browser that signed up keeps a proof of it (a cookie, ``accounts.views``): an HMAC
# of the address and the password hash chosen there, which only that sign-up's answer
# carries. With it the emailed link confirms with one click; without it (another browser,
# another device) the link asks for the password, so a link sent for an address someone
# else signed up with never signs its owner in to an account a stranger holds the password
# of. A later sign-up changes the hash, so an earlier browser's proof stops matching.
PROOF_SALT = "accounts.tokens.signup-browser"


def signup_proof(*, email, password_hash):
    value = f"{email}:{password_hash}"
    return salted_hmac(PROOF_SALT, value, algorithm="sha256").hexdigest()


def signup_proof_matches(user, proof):
    if not isinstance(proof, str) or not proof:
        return False
    expected = signup_proof(email=user.email, password_hash=user.password)
    return constant_time_compare(expected, proof)
