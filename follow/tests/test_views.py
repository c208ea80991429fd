"""The follow box's answer, its errors and limits, and the pages behind the links: nothing
tells who follows what, addresses are shown nowhere, bad links are a 400 or 404."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse

from blog.tests import factories as f
from follow import tokens
from follow.models import Follower, Subscription
from follow.views import ADDRESS_LIMIT, IP_LIMIT

from .conftest import ask_to_follow, confirm_from_mail, links, path_of, to

pytestmark = pytest.mark.django_db


def test_a_bad_address_or_frequency_is_a_form_error(client, mailbox):
    response = ask_to_follow(client, "not an address", frequency="hourly")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Select a valid choice. hourly is not one of the available choices." in html
    assert mailbox.messages == []


def test_an_unknown_or_draft_target_is_a_form_error_offering_everything(client, mailbox):
    draft_author = f.author(name="Not yet", live=False)
    for scope, slug in [("author", draft_author.slug), ("tag", "nope"), ("series", "nope")]:
        response = ask_to_follow(client, "who@example.com", scope=scope, slug=slug)
        assert response.status_code == 400
        assert "There is nothing to follow by that name" in response.content.decode()
        assert 'name="scope" value="all"' in response.content.decode()
    assert ask_to_follow(client, "who@example.com", scope="weird").status_code == 400
    assert mailbox.messages == []
    assert not Subscription.objects.exists()


def test_every_address_gets_the_same_answer(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    """Whether an address follows nothing, asked before or already follows, the answer is
    the same redirect to the same page."""
    follower("known@example.com")
    answers = []
    for address in ["known@example.com", "new@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_to_follow(client, address)
        answers.append((response.status_code, response["Location"]))
        page = client.get(response["Location"])
        answers.append((page.status_code, page.content))
    assert answers[0] == answers[2]
    assert answers[1] == answers[3]
    assert answers[0] == (303, "/follow/check-your-inbox/")
    # Each owner hears of it; the known one's confirmation changes nothing it would not.
    assert len(to(mailbox, "known@example.com")) == 2
    assert len(to(mailbox, "new@example.com")) == 1


def test_asking_again_with_a_new_frequency_changes_it_once_confirmed(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    follower("often@example.com")
    follower("often@example.com", frequency="weekly")
    assert Subscription.objects.get().frequency == "weekly"


def test_too_many_requests_from_one_client_are_refused(client, mailbox):
    for n in range(IP_LIMIT):
        assert ask_to_follow(client, f"reader{n}@example.com").status_code == 303
    response = ask_to_follow(client, "one-more@example.com")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many requests from here" in response.content.decode()
    assert to(mailbox, "one-more@example.com") == []


def test_too_many_requests_for_one_address_are_answered_alike_and_sent_nothing(client, mailbox):
    answers = set()
    for n in range(ADDRESS_LIMIT + 2):
        response = ask_to_follow(client, "Target@Example.com", REMOTE_ADDR=f"10.0.0.{n}")
        answers.add((response.status_code, response["Location"]))
    assert answers == {(303, "/follow/check-your-inbox/")}
    assert len(to(mailbox, "target@example.com")) == ADDRESS_LIMIT


def test_the_pages_never_show_the_address(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    response = follower("hidden.person@example.com")
    assert b"hidden.person" not in response.content
    confirm = next(u for u in links(to(mailbox, "hidden.person@example.com")[0]) if "confirm" in u)
    assert b"hidden.person" not in client.get(path_of(confirm)).content
    manage_url = reverse("follow:manage", args=[tokens.make_manage(Follower.objects.get())])
    assert b"hidden.person" not in client.get(manage_url).content


@pytest.mark.parametrize("name", ["confirm", "unsubscribe", "manage"])
def test_a_forged_or_cut_link_is_refused(client, name):
    for token in ["nonsense", signing.dumps({"a": 1, "s": [1], "f": "x"}, salt="other")]:
        response = client.post(reverse(f"follow:{name}", args=[token]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()


def test_an_expired_confirmation_link_says_so(client, mailbox, monkeypatch):
    ask_to_follow(client, "late@example.com")
    link = next(u for u in links(to(mailbox, "late@example.com")[0]) if "confirm" in u)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.post(path_of(link))
    assert response.status_code == 400
    assert "It has expired." in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_a_link_for_a_deleted_follower_does_not_act_for_a_new_one(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    follower("gone@example.com")
    old = Follower.objects.get()
    stale = tokens.make_manage(old)
    client.post(reverse("follow:manage", args=[stale]), {"action": "stop-all"})
    assert not Follower.objects.exists()
    follower("gone@example.com")
    response = client.get(reverse("follow:manage", args=[stale]))
    assert response.status_code == 404
    assert "This address follows nothing here" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_manage_changes_how_often_stops_one_and_stops_everything(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    amina = f.author(name="Amina Wanjiru")
    follower("manager@example.com", scope="author", slug=amina.slug)
    follower("manager@example.com")
    url = reverse("follow:manage", args=[tokens.make_manage(Follower.objects.get())])
    html = client.get(url).content.decode()
    assert "New pieces by Amina Wanjiru" in html
    assert "Every new piece on Backend Journeys" in html

    by_amina = Subscription.objects.get(scope="author")
    response = client.post(
        url, {"action": "frequency", "subscription": by_amina.pk, "frequency": "weekly"}
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    by_amina.refresh_from_db()
    assert by_amina.frequency == "weekly"

    response = client.post(url, {"action": "stop", "subscription": by_amina.pk})
    assert "Stopped." in response.content.decode()
    assert "Amina" not in response.content.decode()
    assert Subscription.objects.count() == 1

    response = client.post(url, {"action": "frequency", "subscription": "x", "frequency": "?"})
    assert response.status_code == 400

    response = client.post(url, {"action": "stop-all"})
    assert "we have forgotten it" in response.content.decode()
    assert not Follower.objects.exists()
    assert client.get(url).status_code == 404


def test_someone_elses_subscription_cannot_be_changed_from_my_manage_page(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    follower("me@example.com")
    follower("them@example.com")
    mine = Follower.objects.get(email="me@example.com")
    theirs = Subscription.objects.get(follower__email="them@example.com")
    url = reverse("follow:manage", args=[tokens.make_manage(mine)])
    response = client.post(url, {"action": "stop", "subscription": theirs.pk})
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    response = client.post(
        url, {"action": "frequency", "subscription": theirs.pk, "frequency": "weekly"}
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.frequency == "each"


def test_the_follow_page_works_without_the_box(client, mailbox):
    tagged = f.story(tags=["django"])
    assert tagged.live
    response = client.get(reverse("follow:follow") + "?scope=tag&slug=django")
    assert response.status_code == 200
    assert "Follow new pieces tagged #django" in response.content.decode()
    response = client.get(reverse("follow:follow") + "?scope=tag&slug=%00")
    assert response.status_code == 200
    assert "Follow Backend Journeys" in response.content.decode()
    assert client.put(reverse("follow:follow")).status_code == 405


def test_the_confirm_page_after_confirming_links_to_manage(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    response = follower("done@example.com", frequency="weekly")
    html = response.content.decode()
    assert "You are following" in html
    assert "every new piece on Backend Journeys by email (weekly digest)" in html
    assert "/follow/manage/" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_asking_to_follow_is_answered_without_a_csrf_token_and_sets_no_cookie(mailbox):
    from django.test import Client

    response = ask_to_follow(Client(enforce_csrf_checks=True), "nocookie@example.com")
    assert response.status_code == 303
    assert not response.cookies
    confirm_from_mail(Client(enforce_csrf_checks=True), mailbox, "nocookie@example.com")
    assert Subscription.objects.get().confirmed_at is not None
