"""Following by email, without an account: the follow box's answer, the confirmation, the
page to manage one's subscriptions and the one-click unsubscribe.

None of these reads a cookie: a signed link (follow/tokens.py) or the double opt-in is the
only authority, so they take no CSRF token (a forged request can do nothing the link's
holder could not), and the unsubscribe URL takes the bare POST mail clients send
(RFC 8058: ``List-Unsubscribe=One-Click``, no cookie, no token). A GET changes nothing, so a
mail scanner opening a link neither confirms nor unsubscribes anyone. Every page here is
personal: never kept by the page cache or a browser (``never_cache``, and ``/follow/`` is
not a reader page to pagecache).
"""

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts import throttle
from blog import seo

from . import selectors, services, tokens
from .forms import FollowForm, FrequencyForm
from .models import Follower, Frequency, Scope

# Requests to follow: per client address, and per email address (which, past its limit, is
# answered as always and sent nothing, so the limit says nothing about the address).
IP_LIMIT = 10
ADDRESS_LIMIT = 3
KEY_PREFIX = "follow:request"


def _page(request, template, context, *, title, description, status=200):
    meta = seo.view_meta(request, title=title, description=description)
    return render(request, template, {**context, "meta": meta}, status=status)


def _form_page(request, form, *, target=None, status=200, throttled=False):
    return _page(
        request,
        "follow/follow.html",
        {"form": form, "target": target, "throttled": throttled,
         "valid_days": tokens.confirm_valid_days()},
        title="Follow Backend Journeys",
        description="New stories and tutorials by email, every piece or weekly.",
        status=status,
    )  # fmt: skip


@csrf_exempt
@never_cache
def follow(request):
    """GET: the follow form on a page of its own (for ``?scope=…&slug=…``). POST: the follow
    box's answer, the same for every address."""
    if request.method == "GET":
        scope = request.GET.get("scope", Scope.ALL)
        slug = request.GET.get("slug", "")
        target = selectors.target_for(scope, slug) if scope in Scope.values else None
        if target is None:
            target = selectors.Target(Scope.ALL)
            slug = ""
        form = FollowForm(initial={"scope": target.scope, "slug": slug})
        return _form_page(request, form, target=target)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    target = selectors.target_for(form.cleaned_data["scope"], form.cleaned_data["slug"])
    if target is None:
        # A stale or made-up box: offer to follow everything instead.
        form = FollowForm(data={**request.POST.dict(), "scope": Scope.ALL, "slug": ""})
        form.is_valid()
        form.add_error(None, "There is nothing to follow by that name. Follow everything instead?")
        return _form_page(request, form, target=selectors.Target(Scope.ALL), status=400)
    email = services.normalise_email(form.cleaned_data["email"])
    ip_count = throttle.count(f"{KEY_PREFIX}:ip:{throttle.ip_bucket(throttle.client_ip(request))}")
    address_count = throttle.count(f"{KEY_PREFIX}:address:{throttle.hashed(email)}")
    if ip_count > IP_LIMIT:
        response = _form_page(request, form, target=target, status=429, throttled=True)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    if address_count <= ADDRESS_LIMIT:
        services.follow_request(
            email=email, target=target, frequency=form.cleaned_data["frequency"]
        )
    return HttpResponseRedirect(reverse("follow:check_inbox"), status=303)


@never_cache
def check_inbox(request):
    return _page(
        request,
        "follow/check_inbox.html",
        {"valid_days": tokens.confirm_valid_days()},
        title="Check your inbox",
        description="Confirm your address to start following.",
    )


def _link_failed(request, error):
    return _page(
        request,
        "follow/link_failed.html",
        {"expired": isinstance(error, tokens.ExpiredTokenError)},
        title="This link does not work",
        description="A follow link that has expired or is not valid.",
        status=400,
    )


@csrf_exempt
@never_cache
def confirm(request, token):
    """GET: what the link would start, and a button. POST: start it."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "POST":
            subscription = services.subscription_confirm(token=token)
            frequency = subscription.frequency
        else:
            subscription, frequency = services.confirmation_read(token)
    except tokens.InvalidTokenError as error:
        return _link_failed(request, error)
    label = selectors.describe(subscription.scope, subscription.target)
    manage_token = tokens.make_manage(subscription.follower)
    return _page(
        request,
        "follow/confirm.html",
        {
            "confirmed": request.method == "POST",
            "label": label,
            "frequency_label": Frequency(frequency).label.lower(),
            "manage_url": reverse("follow:manage", args=[manage_token]),
        },
        title="You are following" if request.method == "POST" else "Confirm that you follow",
        description="Confirming a follow by email.",
    )


@csrf_exempt
@never_cache
def manage(request, token):
    """Every confirmed subscription of the address the link was sent to: change how often,
    stop one, or stop everything."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        follower = services.follower_from_manage(token)
    except tokens.InvalidTokenError as error:
        return _link_failed(request, error)
    if follower is None:
        return _page(
            request, "follow/manage.html", {"gone": True, "subscriptions": []},
            title="Your subscriptions", description="What you follow by email.", status=404,
        )  # fmt: skip
    done = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        subscription_id = request.POST.get("subscription", "")
        subscription_id = int(subscription_id) if subscription_id.isdigit() else None
        if action == "stop-all":
            services.subscriptions_stop(follower=follower)
            done = "stopped-all"
        elif action == "stop" and subscription_id:
            if services.subscriptions_stop(follower=follower, subscription_ids=[subscription_id]):
                done = "stopped"
        elif action == "frequency" and subscription_id:
            form = FrequencyForm(request.POST)
            if form.is_valid() and services.subscription_set_frequency(
                follower=follower,
                subscription_id=subscription_id,
                frequency=form.cleaned_data["frequency"],
            ):
                done = "saved"
        if not done:
            done = "nothing"
    gone = done == "stopped-all" or not Follower.objects.filter(pk=follower.pk).exists()
    subscriptions = []
    if not gone:
        for subscription in selectors.subscriptions_of(follower):
            subscriptions.append(
                {
                    "pk": subscription.pk,
                    "label": selectors.describe(subscription.scope, subscription.target),
                    "frequency": subscription.frequency,
                }
            )
    return _page(
        request,
        "follow/manage.html",
        {
            "subscriptions": subscriptions,
            "done": done,
            "gone": gone,
            "frequencies": Frequency.choices,
        },
        title="Your subscriptions",
        description="What you follow by email.",
        status=400 if done == "nothing" else 200,
    )


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET: what the link stops, and a button. POST (the button, or a mail client's
    one-click request): stop it. Stopping twice is not an error."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        follower, subscriptions = services.unsubscribe_read(token)
    except tokens.InvalidTokenError as error:
        return _link_failed(request, error)
    labels = [selectors.describe(s.scope, s.target) for s in subscriptions]
    if request.method == "POST" and subscriptions:
        services.subscriptions_stop(
            follower=follower, subscription_ids=[s.pk for s in subscriptions]
        )
    still_follows = follower is not None and Follower.objects.filter(pk=follower.pk).exists()
    return _page(
        request,
        "follow/unsubscribe.html",
        {
            "labels": labels,
            "stopped": request.method == "POST",
            "already": not subscriptions,
            "manage_url": reverse("follow:manage", args=[tokens.make_manage(follower)])
            if still_follows
            else "",
        },
        title="Unsubscribe",
        description="Stop emails from Backend Journeys.",
    )
