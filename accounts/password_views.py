"""Wagtail's public password forms, held to the sign-in lock of ``lockout``.

Strangers reach three besides the admin login: the login Wagtail sends readers of a
login-restricted page to (/_util/login/, which on its own uses Django's plain form), and
the shared password of a password-protected page or document collection. The login gets
our ``LoginForm`` (its failures are counted by the backend like any sign-in); the shared
passwords are counted here, per restriction from any address and per client address, and
answer 429 with the message while locked. A right shared password forgives nothing: the
readers who know it are many, and each success would buy a guesser more tries.
"""

import functools

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from . import lockout, throttle
from .forms import LoginForm


class ReaderLoginView(auth_views.LoginView):
    """/_util/login/: the admin's form, so the same lock and messages, in the site's page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm


def _locked(request, locked):
    response = render(request, "accounts/locked.html", {"message": str(locked)}, status=429)
    response["Retry-After"] = str(locked.seconds)
    return response


def _shared_password_limited(view, opens):
    """``view`` (a Wagtail ``authenticate_with_password``) under the lock, per restriction."""

    @functools.wraps(view)
    def limited(request, restriction_id, *args, **kwargs):
        guess = request.method == "POST" and bool(request.POST.get("password"))
        if not guess:
            return view(request, restriction_id, *args, **kwargs)
        ip = throttle.client_ip(request)
        # Not a username: Django's usernames cannot hold a colon.
        account = f"{opens}-password:{restriction_id}"
        try:
            lockout.check(ip=ip, account=account)
            response = view(request, restriction_id, *args, **kwargs)
            if response.status_code == 200:  # the form again: a wrong password
                lockout.record_failure(ip=ip, account=account)
                lockout.check(ip=ip, account=account)
        except lockout.SignInLockedError as locked:
            return _locked(request, locked)
        return response

    return limited


page_password = _shared_password_limited(wagtail_views.authenticate_with_password, "page")
document_password = _shared_password_limited(document_views.authenticate_with_password, "docs")
