"""Acceptance: follow by email end to end, on a real SMTP server on loopback. Subscribe,
confirm, publish a piece (one email with its link and a working one-click unsubscribe),
unsubscribe by the List-Unsubscribe-Post request, publish again (no email); an unconfirmed
address gets nothing; a piece unpublished before the worker gets to it is sent to nobody."""

import pytest
from django.test import Client

from blog.tests import factories as f
from follow.models import Delivery, Follower, Subscription

from .conftest import ask_to_follow, html_of, links, path_of, text_of, to, unsubscribe_url

pytestmark = pytest.mark.django_db


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(page)
    page.refresh_from_db()
    return page


def test_follow_an_author_get_one_email_then_unsubscribe_in_one_click(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    amina = f.author(name="Amina Wanjiru")
    follower("reader@example.com", scope="author", slug=amina.slug)
    assert len(to(mailbox, "reader@example.com")) == 1  # the confirmation only

    story = f.story(title="From the till to Django", authors=[amina], live=False)
    publish(story, django_capture_on_commit_callbacks)

    [confirmation, news] = to(mailbox, "reader@example.com")
    assert confirmation["Subject"] == "Confirm to follow Backend Journeys by email"
    assert news["Subject"] == "New on Backend Journeys: From the till to Django"
    assert f"http://testserver{story.url}" in links(news)
    assert "From the till to Django" in html_of(news)
    assert f'href="http://testserver{story.url}"' in html_of(news)
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe_url(news)
    assert link.startswith("http://testserver/follow/unsubscribe/")
    assert link in links(news)  # and in the text, for readers
    assert any("/follow/manage/" in url for url in links(news))

    # What a mail client sends (RFC 8058): a bare POST, no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(link),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscription.objects.exists()
    assert not Follower.objects.exists()  # following nothing, the address is forgotten

    later = f.story(title="A second piece", authors=[amina], live=False)
    publish(later, django_capture_on_commit_callbacks)
    assert len(to(mailbox, "reader@example.com")) == 2, "nothing after unsubscribing"


def test_an_unconfirmed_address_gets_only_the_confirmation(
    client, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_to_follow(client, "waiting@example.com")
    assert response.status_code == 303
    publish(f.story(live=False), django_capture_on_commit_callbacks)
    [confirmation] = to(mailbox, "waiting@example.com")
    assert confirmation["Subject"] == "Confirm to follow Backend Journeys by email"
    assert "List-Unsubscribe" not in confirmation
    assert not Delivery.objects.exists()


def test_opening_links_confirms_and_unsubscribes_nothing(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    """A mail scanner GETs every link: only a button (a POST) acts."""
    with django_capture_on_commit_callbacks(execute=True):
        ask_to_follow(client, "scanned@example.com")
    confirm = next(u for u in links(to(mailbox, "scanned@example.com")[0]) if "confirm" in u)
    response = client.get(path_of(confirm))
    assert response.status_code == 200
    assert "Confirm and follow" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    client.post(path_of(confirm))
    publish(f.story(live=False), django_capture_on_commit_callbacks)
    news = to(mailbox, "scanned@example.com")[-1]
    response = client.get(path_of(unsubscribe_url(news)))
    assert response.status_code == 200
    assert "Stop getting every new piece on Backend Journeys" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_one_email_per_piece_however_many_subscriptions_match_and_none_on_republish(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    amina = f.author(name="Amina")
    follower("many@example.com", scope="author", slug=amina.slug)
    follower("many@example.com", scope="all")
    f.story(title="Tagged", tags=["django"], authors=[amina])  # the tag must be visible
    follower("many@example.com", scope="tag", slug="django")
    before = len(to(mailbox, "many@example.com"))

    story = f.story(title="Everything at once", tags=["django"], authors=[amina], live=False)
    publish(story, django_capture_on_commit_callbacks)
    assert len(to(mailbox, "many@example.com")) == before + 1

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    publish(story, django_capture_on_commit_callbacks)
    assert len(to(mailbox, "many@example.com")) == before + 1, "republishing is not news"


def test_a_draft_or_a_private_piece_is_sent_to_nobody(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    follower("private@example.com")
    draft = f.story(title="Still a draft", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()
    private = f.story(title="Members only", live=False)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    publish(private, django_capture_on_commit_callbacks)
    assert len(to(mailbox, "private@example.com")) == 1  # the confirmation only
    assert not Delivery.objects.exists()


def test_a_title_is_escaped_in_the_html_and_plain_in_the_text(
    client, mailbox, follower, django_capture_on_commit_callbacks
):
    follower("escape@example.com")
    publish(
        f.story(title='<img src=x onerror="alert(1)"> & more', live=False),
        django_capture_on_commit_callbacks,
    )
    news = to(mailbox, "escape@example.com")[-1]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more" in html_of(news)
    assert "<img" not in html_of(news)
    assert '<img src=x onerror="alert(1)"> & more' in text_of(news)
