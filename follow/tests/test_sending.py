"""What the worker sends: a piece's announcement in a fixed number of queries however many
follow it, only to those who follow something of it, and weekly digests once a week."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.tests import factories as f
from follow.models import DigestDelivery, Follower, Subscription
from follow.services import digests_send, piece_announce

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    """Queued mail delivered to Django's test outbox: no SMTP needed to count queries."""
    settings.EMAIL_BACKEND = "worker.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


def follow(address, *, frequency="each", confirmed=True, **target):
    follower, _ = Follower.objects.get_or_create(email=address)
    scope = next(iter(target), "all")
    obj = target.get(scope)
    return Subscription.objects.create(
        follower=follower, scope=scope, frequency=frequency,
        target_key=scope if obj is None else f"{scope}:{obj.pk}",
        confirmed_at=timezone.now() if confirmed else None, **target,
    )  # fmt: skip


def recipients(outbox):
    return sorted(address for message in outbox for address in message.to)


def test_an_announcement_takes_the_same_queries_for_3_or_30_followers(
    outbox, django_assert_max_num_queries
):
    amina = f.author(name="Amina")
    first = f.story(authors=[amina], tags=["django"])
    second = f.story(authors=[amina], tags=["django"])
    for n in range(3):
        follow(f"few{n}@example.com", author=amina)
    with django_assert_max_num_queries(11) as few:
        assert piece_announce(page_id=first.pk) == 3
    for n in range(27):
        follow(f"many{n}@example.com", author=amina)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert piece_announce(page_id=second.pk) == 30


def test_only_followers_of_something_in_the_piece_get_it(outbox):
    amina, rafael = f.author(name="Amina"), f.author(name="Rafael")
    series = f.series(title="Django from zero")
    piece = f.tutorial(authors=[amina], tags=["django"], series=series, series_position=1)
    other = f.story(authors=[rafael], tags=["career"])
    follow("author@example.com", author=amina)
    follow("tag@example.com", tag=piece.tags.get())
    follow("series@example.com", series=series)
    follow("all@example.com")
    follow("other-author@example.com", author=rafael)
    follow("other-tag@example.com", tag=other.tags.get())
    follow("weekly@example.com", frequency="weekly")
    follow("unconfirmed@example.com", confirmed=False)
    piece_announce(page_id=piece.pk)
    assert recipients(outbox) == [
        "all@example.com", "author@example.com", "series@example.com", "tag@example.com",
    ]  # fmt: skip


def test_a_piece_first_published_long_ago_is_not_news(outbox):
    follow("all@example.com")
    old = f.story(published=timezone.now() - datetime.timedelta(days=30))
    assert piece_announce(page_id=old.pk) == 0
    assert outbox == []


def test_a_weekly_digest_once_a_week_with_what_is_new_since_the_last(outbox):
    amina = f.author(name="Amina")
    now = timezone.now()
    weekly = follow("weekly@example.com", frequency="weekly", author=amina)
    follow("all-weekly@example.com", frequency="weekly")
    Subscription.objects.update(confirmed_at=now - datetime.timedelta(days=7))
    f.story(title="Before following", authors=[amina], published=now - datetime.timedelta(days=8))
    f.story(title="By Amina", authors=[amina], published=now - datetime.timedelta(days=2))
    f.story(title="By someone else", published=now - datetime.timedelta(days=1))
    f.story(title="A draft", authors=[amina], live=False)

    assert digests_send(now=now, dry_run=True) == (2, 0)
    assert outbox == []
    assert digests_send(now=now) == (2, 0)
    by_address = {message.to[0]: message for message in outbox}
    amina_digest = by_address["weekly@example.com"]
    assert amina_digest.subject == "This week on Backend Journeys: 1 new piece"
    assert "By Amina" in amina_digest.body and "someone else" not in amina_digest.body
    assert "Before following" not in amina_digest.body and "A draft" not in amina_digest.body
    assert amina_digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    everything = by_address["all-weekly@example.com"].body
    assert "By Amina" in everything and "By someone else" in everything

    assert digests_send(now=now + datetime.timedelta(hours=1)) == (0, 0), "once a week"
    assert len(outbox) == 2
    next_week = now + datetime.timedelta(days=7)
    assert digests_send(now=next_week) == (0, 2), "nothing new: nothing sent"
    f.story(title="Later", authors=[amina], published=next_week + datetime.timedelta(hours=1))
    digests_send(now=next_week + datetime.timedelta(days=7))
    assert recipients(outbox[2:]) == ["all-weekly@example.com", "weekly@example.com"]
    assert all("Later" in m.body and "By Amina" not in m.body for m in outbox[2:])
    assert weekly.follower.digests.count() == 3


def test_the_digest_command_has_a_dry_run_and_forgets_expired_requests(outbox):
    follow("weekly@example.com", frequency="weekly")
    Subscription.objects.update(confirmed_at=timezone.now() - datetime.timedelta(days=1))
    f.story(title="New this week")
    stale = follow("never@example.com", confirmed=False)
    Subscription.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    out = io.StringIO()
    call_command("send_follow_digests", "--dry-run", stdout=out)
    assert "1 digest(s) would be sent (dry run)" in out.getvalue()
    assert "1 unconfirmed request(s) forgotten" in out.getvalue()
    assert outbox == [] and Follower.objects.count() == 2
    call_command("send_follow_digests", stdout=out)
    assert [m.to for m in outbox] == [["weekly@example.com"]]
    assert list(Follower.objects.values_list("email", flat=True)) == ["weekly@example.com"]
    assert DigestDelivery.objects.count() == 1
