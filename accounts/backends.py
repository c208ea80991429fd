"""Every password sign-in: the account found by username or address, under the sign-in lock.

Contributors' usernames are their addresses, but accounts made in the admin, by
``createsuperuser`` or by the demo loader have other usernames ("editor", "amina"), and the
login form asks for "Email or username": Django's own backend only knows the username, so
such a person typing their address was refused as if the password were wrong.

Every password sign-in goes through ``authenticate()`` and so through here: the admin login,
Wagtail's login for login-restricted pages (/_util/login/) and whatever form comes later.
Counting and refusing here, once, means no entry point can be forgotten; the forms only turn
a lock into a message (``forms.LoginForm``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from . import lockout, throttle


def account_for_login(identifier):
    """The one account ``identifier`` names: the username exactly; else the only account
    whose username or email address it is, ignoring case (an active one first). ``None``
    when it names none, or several that cannot be told apart."""
    User = get_user_model()
    exact = User.objects.filter(**{User.USERNAME_FIELD: identifier}).first()
    if exact is not None:
        return exact
    by_name = Q(**{f"{User.USERNAME_FIELD}__iexact": identifier})
    candidates = list(User.objects.filter(by_name | Q(email__iexact=identifier))[:3])
    active = [user for user in candidates if user.is_active]
    for group in (active, candidates):
        if len(group) == 1:
            return group[0]
    return None


def lock_subject(identifier, user):
    """What a sign-in's failures count against: the account, however it was named (its
    username or its address, in any case), else the name as typed, so a name that is no
    account locks the same way and a lock tells nobody which accounts exist."""
    return f"account {user.pk}" if user is not None else identifier.casefold()


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend`` (permissions included), finding the account by username or
    address, and refusing while the account or the client address is locked. An unknown
    name costs a password hash too, as in Django's, so the time taken does not tell which
    accounts exist; a locked one costs none."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        ip = throttle.client_ip(request) if request is not None else None
        user = account_for_login(username)
        subject = lock_subject(username, user)
        try:
            lockout.check(ip=ip, account=subject)
        except lockout.SignInLockedError:
            # Stops authenticate() before any password is hashed: while locked, a right
            # password opens nothing, and a guess costs the server nothing.
            raise PermissionDenied from None
        if user is None:
            get_user_model()().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            lockout.record_success(account=subject)
            return user
        lockout.record_failure(ip=ip, account=subject)
        return None
