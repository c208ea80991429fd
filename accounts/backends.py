"""Django's username-and-password backend under the sign-in lock of ``lockout``.

Every password sign-in goes through ``authenticate()`` and so through here: the admin login,
Wagtail's login for login-restricted pages (/_util/login/) and whatever form comes later.
Counting and refusing here, once, means no entry point can be forgotten; the forms only turn
a lock into a message (``forms.LoginForm``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import lockout, throttle


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        ip = throttle.client_ip(request) if request is not None else None
        try:
            lockout.check(ip=ip, account=username)
        except lockout.SignInLockedError:
            # Stops authenticate() before any backend hashes the password: while locked,
            # a right password opens nothing, and a guess costs the server nothing.
            raise PermissionDenied from None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            lockout.record_failure(ip=ip, account=username)
        else:
            lockout.record_success(account=username)
        return user
