"""The public "Write for us" pages. Thin: the use cases live in ``services``.

Joining takes one password, typed once at sign-up. The sign-up answer leaves a cookie in
that browser (``tokens.signup_proof``); the emailed link, opened there, confirms the address
with one button (a POST: a mail scanner's GET confirms nothing) and signs the writer in,
then the profile step, then Write. Opened in another browser, the link asks for the
password instead, so it never signs anyone in to an account someone else signed up for.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from blog import seo
from blog.models import AuthorPage
from blog.services import author_profile_create, author_profile_update
from editorial.write import may_write, write_url

from . import mail, services, throttle, tokens
from .forms import ConfirmClickForm, ConfirmForm, ProfileForm, SignUpForm

WELCOME_MESSAGE = "Your address is confirmed and you are signed in. Welcome!"
ALREADY_CONFIRMED_MESSAGE = "Your address is already confirmed. Log in to start writing."
PROFILE_SAVED_MESSAGE = "Your profile is saved. It is published with your first piece."
# The browser that signed up; only sent to the "Write for us" pages.
PROOF_COOKIE = "bj_signup"
PROOF_COOKIE_PATH = "/write-for-us/"
BACKEND = "accounts.backends.AccountBackend"


def _signup_page(request, context, status=200):
    meta = seo.view_meta(
        request,
        title="Write for us",
        description=(
            "Became a backend developer? Tell your journey or teach what you learnt: sign up "
            "to write for Backend Journeys. Editors review every piece before it is published."
        ),
        crumbs=[seo.home_crumb(), ("Write for us", reverse("accounts:signup"))],
    )
    return render(request, "accounts/signup.html", {**context, "meta": meta}, status=status)


def _login_url():
    return f"{reverse('wagtailadmin_login')}?next={write_url()}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.method != "POST":
        user = getattr(request, "user", None)
        if user is not None and may_write(user):  # already one of our writers
            return redirect(write_url())
        return _signup_page(request, {"form": SignUpForm()})
    form = SignUpForm(request.POST)
    ip = throttle.client_ip(request)
    # Mail leaves after the answer, so what is sent to an address (a link, a note or
    # nothing) cannot show in how long the answer takes.
    outbox = mail.Outbox()
    try:
        if not form.is_valid():
            throttle.count_attempt(ip=ip)
            return _signup_page(request, {"form": form})
        if form.cleaned_data["honeypot"]:
            throttle.count_attempt(ip=ip)  # answered like a sign-up; nothing happens
            proof = secrets.token_hex(32)
        else:
            proof = services.contributor_register(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip=ip,
                outbox=outbox,
            )
    except throttle.TooManyAttemptsError:
        context = {"form": SignUpForm(initial=form.retry_initial()), "throttled": True}
        response = _signup_page(request, context, status=429)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    response = mail.SeeOtherThenSend(reverse("accounts:check_email"), outbox=outbox)
    response.set_cookie(
        PROOF_COOKIE,
        proof,
        max_age=int(tokens.CONFIRM_MAX_AGE.total_seconds()),
        path=PROOF_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_safe
def check_email(request):
    return render(request, "accounts/check_email.html", {"valid_days": tokens.valid_days()})


@never_cache
@require_http_methods(["GET", "POST"])  # not HEAD: a link checker must not get this far
def confirm(request, token):
    proof = request.COOKIES.get(PROOF_COOKIE)
    form, form_class = None, ConfirmForm
    try:
        if not services.confirmation_pending(token=token):
            if request.user.is_authenticated:
                return redirect(write_url())
            messages.info(request, ALREADY_CONFIRMED_MESSAGE)
            return redirect(_login_url())
        one_click = services.signed_up_here(token=token, proof=proof)
        form_class = ConfirmClickForm if one_click else ConfirmForm
        if request.method != "POST":
            return _confirm_form(request, form_class())
        form = form_class(request.POST)
        throttle.count_attempt(ip=throttle.client_ip(request))
        if not form.is_valid():
            return _confirm_form(request, form, status=400)
        confirmation = services.contributor_confirm(
            token=token, proof=proof, password=form.cleaned_data.get("password")
        )
    except services.ExpiredTokenError:
        return _confirm_failed(request, expired=True)
    except services.InvalidTokenError:
        return _confirm_failed(request, expired=False)
    except services.WrongPasswordError as error:
        if not isinstance(form, ConfirmForm):  # signed up again meanwhile: ask for it
            return _confirm_form(request, ConfirmForm(), status=400)
        form.add_error("password", str(error))
        return _confirm_form(request, form, status=400)
    except throttle.TooManyAttemptsError:
        response = _confirm_form(request, form_class(), status=429, throttled=True)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    if not confirmation.already_confirmed:
        login(request, confirmation.user, backend=BACKEND)
        messages.success(request, WELCOME_MESSAGE)
    response = redirect("accounts:profile")
    response.delete_cookie(PROOF_COOKIE, path=PROOF_COOKIE_PATH)
    return response


def _confirm_form(request, form, *, status=200, throttled=False):
    context = {
        "form": form,
        "throttled": throttled,
        "one_click": isinstance(form, ConfirmClickForm),
    }
    return render(request, "accounts/confirm.html", context, status=status)


def _confirm_failed(request, *, expired):
    context = {"expired": expired, "valid_days": tokens.valid_days()}
    return render(request, "accounts/confirm_failed.html", context, status=400)


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def profile(request):
    """The profile step: name, bio, avatar and links, then Write. Any writer may come back
    to it; what they save is a draft revision until their first piece is published."""
    author = AuthorPage.objects.filter(user=request.user).first()
    if author is None and may_write(request.user):
        author = author_profile_create(user=request.user)
    if author is None:  # no authors index yet, or not a writer
        return redirect(write_url() if may_write(request.user) else "/")
    if request.method != "POST":
        form = ProfileForm(initial=ProfileForm.initial_for(author))
        return _profile_page(request, form)
    form = ProfileForm(request.POST, request.FILES)
    if form.is_valid():
        name = form.cleaned_data["name"]
        try:
            with transaction.atomic():  # the avatar, the revision and the name, or nothing
                author_profile_update(
                    profile=author,
                    user=request.user,
                    name=name,
                    bio=form.cleaned_data["bio"],
                    avatar_upload=form.cleaned_data.get("avatar"),
                    links=form.links(),
                )
                # The header and the admin show the account's name: the same one.
                user = request.user
                user.first_name, _, user.last_name = name.partition(" ")
                user.save(update_fields=["first_name", "last_name"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, PROFILE_SAVED_MESSAGE)
            return redirect(write_url())
    return _profile_page(request, form, status=400)


def _profile_page(request, form, *, status=200):
    context = {"form": form, "write_url": write_url()}
    return render(request, "accounts/profile.html", context, status=status)
