"""The public "Write for us" pages. Thin: the use cases live in ``services``."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from blog import seo

from . import mail, services, throttle, tokens
from .forms import ConfirmForm, SignUpForm

CONFIRMED_MESSAGE = "Your address is confirmed. Log in to start writing."
ALREADY_CONFIRMED_MESSAGE = "Your address is already confirmed. Log in to start writing."


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
    return f"{reverse('wagtailadmin_login')}?next={reverse('wagtailadmin_home')}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.method != "POST":
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
        else:
            services.contributor_register(
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
    return mail.SeeOtherThenSend(reverse("accounts:check_email"), outbox=outbox)


@require_safe
def check_email(request):
    return render(request, "accounts/check_email.html", {"valid_days": tokens.valid_days()})


@never_cache
@require_http_methods(["GET", "POST"])  # not HEAD: a link checker must not get this far
def confirm(request, token):
    try:
        if not services.confirmation_pending(token=token):
            messages.info(request, ALREADY_CONFIRMED_MESSAGE)
            return redirect(_login_url())
        if request.method != "POST":
            return _confirm_form(request, ConfirmForm())
        form = ConfirmForm(request.POST)
        throttle.count_attempt(ip=throttle.client_ip(request))
        if not form.is_valid():
            return _confirm_form(request, form, status=400)
        services.contributor_confirm(token=token, password=form.cleaned_data["password"])
    except services.ExpiredTokenError:
        return _confirm_failed(request, expired=True)
    except services.InvalidTokenError:
        return _confirm_failed(request, expired=False)
    except services.WrongPasswordError as error:
        form.add_error("password", str(error))
        return _confirm_form(request, form, status=400)
    except throttle.TooManyAttemptsError:
        response = _confirm_form(request, ConfirmForm(), status=429, throttled=True)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    messages.success(request, CONFIRMED_MESSAGE)
    return redirect(_login_url())


def _confirm_form(request, form, *, status=200, throttled=False):
    context = {"form": form, "throttled": throttled}
    return render(request, "accounts/confirm.html", context, status=status)


def _confirm_failed(request, *, expired):
    context = {"expired": expired, "valid_days": tokens.valid_days()}
    return render(request, "accounts/confirm_failed.html", context, status=400)
