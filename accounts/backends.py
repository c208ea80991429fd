"""Signing in with a username or an email address, whatever the username is.

Contributors' usernames are their addresses, but accounts made in the admin, by
``createsuperuser`` or by the demo loader have other usernames ("editor", "amina"), and the
login form asks for "Email or username": Django's own backend only knows the username, so
such a person typing their address was refused as if the password were wrong.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


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


class EmailOrUsernameBackend(ModelBackend):
    """Django's ``ModelBackend`` (permissions included), finding the account by username or
    address. An unknown one costs a password hash too, as in Django's, so the time taken
    does not tell which accounts exist."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_for_login(username)
        if user is None:
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
