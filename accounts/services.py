"""Use cases for joining as a contributor: register, then confirm the address.

Views and commands call these; they hold the writes and decide the emails (``mail`` sends
them). ``contributor_register`` answers the same way, in the same time, whatever the address
belongs to, so a sign-up never tells anyone whether an address already has an account: the
owner of the address hears about it by email.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog.models import AuthorPage
from blog.services import author_profile_create
from editorial.roles import CONTRIBUTORS

from . import mail, throttle, tokens
from .models import ContributorSignup
from .tokens import ExpiredTokenError, InvalidTokenError


class WrongPasswordError(Exception):
    """The confirmation link is good, but the password is not the one chosen at sign-up."""


logger = logging.getLogger(__name__)

__all__ = [
    "Confirmation",
    "ExpiredTokenError",
    "InvalidTokenError",
    "WrongPasswordError",
    "contributor_confirm",
    "contributor_register",
    "new_contributor",
    "signed_up_here",
]


@dataclass(frozen=True)
class Confirmation:
    user: object
    already_confirmed: bool
    profile: AuthorPage | None = None


def normalise_email(email):
    return email.strip().lower()


def normalise_name(name):
    """One line, single spaces: the name becomes a page title and a byline."""
    return " ".join(name.split())


def new_contributor(*, name, email):
    """An unsaved, inactive user for this name and address (also what passwords are
    compared with for similarity)."""
    email = normalise_email(email)
    first_name, _, last_name = normalise_name(name).partition(" ")
    return get_user_model()(
        username=email, email=email, first_name=first_name, last_name=last_name, is_active=False
    )


def _send_confirmation(user, *, outbox, again=False):
    token = tokens.make_confirm_token(user)
    outbox.add(
        "confirm",
        to=user.email,
        confirm_url=mail.absolute(reverse("accounts:confirm", args=[token])),
        valid_days=tokens.valid_days(),
        again=again,
    )


def _accounts_for(email):
    User = get_user_model()
    return list(
        User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .select_related("contributor_signup")
        .order_by("pk")
    )


def _pending_signup(user):
    try:
        signup = user.contributor_signup
    except ContributorSignup.DoesNotExist:
        return None
    return signup if signup.is_pending else None


def _answer_existing(accounts, email, ip, password_hash, outbox):
    """The address is taken: tell its owner, resend a pending link, or do nothing."""
    if any(user.is_active for user in accounts):
        outbox.add("existing_account", to=email)
        return
    pending = next((user for user in accounts if _pending_signup(user)), None)
    if pending is not None:
        # The latest sign-up's password wins and earlier links stop working (a link is
        # bound to the password hash). Confirming needs both the link, which only the
        # address's owner receives, and this password: nobody can pre-register someone
        # else's address and have its owner switch the account on for them.
        pending.password = password_hash
        pending.save(update_fields=["password"])
        _send_confirmation(pending, outbox=outbox, again=True)
        return
    # Switched off by an administrator: a sign-up must not switch it back on.
    logger.info("Sign-up refused for a deactivated account (client %s)", ip)


def contributor_register(*, name, email, password, ip, outbox=None):
    """Start a contributor account: inactive until the emailed link is followed.

    Returns the browser's proof of this sign-up (``tokens.signup_proof``), made the same
    way whatever happened, so callers cannot tell new addresses from known ones, and costs
    the same: one password hash for every address (a second one for some would tell them
    apart by time). Emails go into ``outbox`` when one is given, for the
    caller to send once it has answered (see ``mail``), else they are sent at once.
    Raises ``throttle.TooManyAttemptsError`` past the limits, before anything else.
    """
    throttle.count_attempt(ip=ip, email=email)
    deliver_now = outbox is None
    outbox = mail.Outbox() if deliver_now else outbox
    email = normalise_email(email)
    # A new account keeps this hash, a pending sign-up takes it, any other address drops it.
    password_hash = make_password(password)
    accounts = _accounts_for(email)
    if not accounts:
        user = new_contributor(name=name, email=email)
        user.password = password_hash
        try:
            with transaction.atomic():
                user.save()
                ContributorSignup.objects.create(user=user)
        except IntegrityError:  # the same address signed up at the same moment
            accounts = _accounts_for(email)
        else:
            _send_confirmation(user, outbox=outbox)
    if accounts:
        _answer_existing(accounts, email, ip, password_hash, outbox)
    if deliver_now:
        outbox.send()
    return tokens.signup_proof(email=email, password_hash=password_hash)


def _signup_for_token(token, *, lock=False):
    user_pk, fingerprint = tokens.read_confirm_token(token)
    signups = ContributorSignup.objects.select_related("user").filter(user__pk=user_pk)
    signup = (signups.select_for_update() if lock else signups).first()
    if signup is None:
        raise InvalidTokenError("This confirmation link belongs to no sign-up.")
    if signup.is_pending and not tokens.token_matches(signup.user, fingerprint):
        raise InvalidTokenError("This confirmation link is not valid.")
    return signup


def confirmation_pending(*, token):
    """Whether this link still waits to be confirmed. Raises for a bad or expired link."""
    return _signup_for_token(token).is_pending


def signed_up_here(*, token, proof):
    """Whether ``proof`` (the signing-up browser's cookie) belongs to the sign-up this
    pending link confirms: then one click confirms it, with no password."""
    return tokens.signup_proof_matches(_signup_for_token(token).user, proof)


def contributor_confirm(*, token, password=None, proof=None):
    """Follow a confirmation link from the browser that signed up (``proof``, see
    ``tokens.signup_proof``) or with the password chosen at sign-up: activate the account,
    make it a Contributor and give it a draft author profile, all or nothing. The caller
    signs the returned user in.

    Raises ``ExpiredTokenError`` for a genuine but old link, ``InvalidTokenError`` for any
    other bad link and ``WrongPasswordError`` when neither the proof nor the password
    matches. A link followed twice returns ``already_confirmed=True`` and changes nothing.
    """
    with transaction.atomic():
        signup = _signup_for_token(token, lock=True)
        user = signup.user
        if not signup.is_pending:
            return Confirmation(user=user, already_confirmed=True)
        # Checked under the lock: a sign-up again in between changes the hash both read.
        proven = tokens.signup_proof_matches(user, proof)
        if not proven and not (password is not None and user.check_password(password)):
            raise WrongPasswordError("That is not the password chosen when signing up.")
        user.is_active = True
        user.save(update_fields=["is_active"])
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["confirmed_at"])
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
        profile = author_profile_create(user=user)
    return Confirmation(user=user, already_confirmed=False, profile=profile)
