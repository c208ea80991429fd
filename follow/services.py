"""Writes: asking to follow, confirming, changing and stopping, and sending what follows
from a publication (one email per follower per piece, one digest per follower per week).

Sending is claim-then-queue: in one transaction, a ``Delivery`` (or ``DigestDelivery``) row
per recipient is inserted under its unique constraint, and only the rows this run inserted
get a message, handed to the mail queue (a row in the same database, so the claim and the
queued message are committed together or not at all). A worker that dies, a task run twice,
two workers at once: whoever inserts the row first sends, nobody sends twice.
"""

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from . import mail, selectors, tokens
from .models import Announcement, Delivery, DigestDelivery, Follower, Frequency, Subscription

logger = logging.getLogger(__name__)

# A piece first published longer ago than this (an archive imported and back-dated) is not
# news: its publication here is announced to nobody.
NEWS_WINDOW = datetime.timedelta(days=2)


def normalise_email(email):
    return email.strip().lower()


@transaction.atomic
def follow_request(*, email, target, frequency):
    """Record the request (unconfirmed) and send its owner a confirmation link. Whatever
    the address already follows, the same happens and the same is said: a confirmation
    email goes out (confirming again only sets the frequency)."""
    follower, _ = Follower.objects.get_or_create(email=normalise_email(email))
    subscription, _ = Subscription.objects.get_or_create(
        follower=follower,
        target_key=target.key,
        defaults={
            "scope": target.scope,
            "author": target.obj if target.scope == "author" else None,
            "tag": target.obj if target.scope == "tag" else None,
            "series": target.obj if target.scope == "series" else None,
            "frequency": frequency,
        },
    )
    token = tokens.make_confirm(subscription, frequency)
    message = mail.confirm_message(
        subscription,
        label=target.label,
        frequency_label=Frequency(frequency).label.lower(),
        token=token,
    )
    mail.send_all([message])
    return subscription


def _subscription_from_confirm(token):
    subscription_pk, frequency, data = tokens.read_confirm(token)
    subscription = (
        Subscription.objects.select_related("follower", "author", "tag", "series")
        .filter(pk=subscription_pk)
        .first()
    )
    if subscription is None or not tokens.matches(subscription.follower, data):
        raise tokens.InvalidTokenError("This link is not valid.")
    if frequency not in Frequency.values:
        raise tokens.InvalidTokenError("This link is not valid.")
    return subscription, frequency


def confirmation_read(token):
    """The subscription and frequency a confirmation link names (for its page)."""
    return _subscription_from_confirm(token)


@transaction.atomic
def subscription_confirm(*, token):
    subscription, frequency = _subscription_from_confirm(token)
    subscription.frequency = frequency
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.save(update_fields=["frequency", "confirmed_at"])
    return subscription


def follower_from_manage(token):
    """The follower a manage link was sent to, or ``None`` when that address follows
    nothing any more (forgotten, perhaps followed again since: a new follower)."""
    follower_pk, data = tokens.read_manage(token)
    follower = Follower.objects.filter(pk=follower_pk).first()
    if follower is None or not tokens.matches(follower, data):
        return None
    return follower


def unsubscribe_read(token):
    """``(follower, [subscriptions])`` an unsubscribe link names; the list is empty when
    they were stopped already."""
    follower_pk, subscription_ids, data = tokens.read_unsubscribe(token)
    follower = Follower.objects.filter(pk=follower_pk).first()
    if follower is None:
        return None, []
    if not tokens.matches(follower, data):
        raise tokens.InvalidTokenError("This link is not valid.")
    return follower, list(selectors.subscriptions_of(follower).filter(pk__in=subscription_ids))


@transaction.atomic
def subscriptions_stop(*, follower, subscription_ids=None):
    """Stop some subscriptions (all with ``None``). An address left following nothing is
    forgotten. Returns how many were stopped."""
    subscriptions = Subscription.objects.filter(follower=follower)
    if subscription_ids is not None:
        subscriptions = subscriptions.filter(pk__in=subscription_ids)
    stopped, _ = subscriptions.delete()
    if not Subscription.objects.filter(follower=follower).exists():
        Follower.objects.filter(pk=follower.pk).delete()
    return stopped


def subscription_set_frequency(*, follower, subscription_id, frequency):
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    return Subscription.objects.filter(
        follower=follower, pk=subscription_id, confirmed_at__isnull=False
    ).update(frequency=frequency)


def piece_published(page):
    """A piece was published: the first time, its announcement is queued for the worker
    (after the publication is committed). Called by the ``page_published`` receiver."""
    from .tasks import announce_piece

    announcement, created = Announcement.objects.get_or_create(page_id=page.pk)
    if created or announcement.announced_at is None:
        transaction.on_commit(lambda: announce_piece.enqueue(page.pk))


def piece_announce(*, page_id, now=None):
    """Email a piece to everyone who follows it "every new piece", once each. Nothing when
    readers cannot see it now (a draft, unpublished or made private before the worker got
    here) or when it is not news (first published before ``NEWS_WINDOW``). Returns how many
    emails were queued."""
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    with transaction.atomic():
        page = selectors.visible_piece(page_id)
        if page is None:
            logger.info("Piece %s is not visible: announced to nobody", page_id)
            return 0
        if not Announcement.objects.filter(page_id=page_id).update(announced_at=now):
            Announcement.objects.create(page_id=page_id, announced_at=now)
        if page.first_published_at is None or page.first_published_at < now - NEWS_WINDOW:
            logger.info("Piece %s was first published long ago: announced to nobody", page_id)
            return 0
        followers = selectors.followers_of_piece(page)
        if not followers:
            return 0
        Delivery.objects.bulk_create(
            [Delivery(follower=follower, page_id=page_id, claim=claim) for follower in followers],
            ignore_conflicts=True,
        )
        mine = set(
            Delivery.objects.filter(page_id=page_id, claim=claim).values_list(
                "follower_id", flat=True
            )
        )
        messages = [
            mail.piece_message(follower, subscription_ids, page)
            for follower, subscription_ids in followers.items()
            if follower.pk in mine
        ]
        sent = mail.send_all(messages)
    logger.info("Piece %s announced: %d email(s) queued", page_id, sent)
    return sent


def iso_week(moment):
    year, week, _ = timezone.localtime(moment, datetime.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def digests_send(*, now=None, dry_run=False):
    """One digest per follower per ISO week, with the pieces first published since their
    last one (or since they confirmed); a week without new pieces is recorded and sends
    nothing. Returns ``(digests sent, followers with nothing new)``."""
    now = now or timezone.now()
    week = iso_week(now)
    claim = uuid.uuid4().hex
    with transaction.atomic():
        weekly = list(
            Subscription.objects.filter(confirmed_at__isnull=False, frequency=Frequency.WEEKLY)
            .exclude(follower__digests__week=week)
            .select_related("follower")
            .order_by("follower_id", "pk")
        )
        if not weekly:
            return 0, 0
        by_follower = {}
        for subscription in weekly:
            by_follower.setdefault(subscription.follower, []).append(subscription)
        last = dict(
            DigestDelivery.objects.filter(follower__in=list(by_follower))
            .order_by("follower_id", "until")
            .values_list("follower_id", "until")
        )  # the latest "until" of each follower wins
        since = {
            follower: last.get(follower.pk) or min(s.confirmed_at for s in subscriptions)
            for follower, subscriptions in by_follower.items()
        }
        pieces = selectors.pieces_since(min(since.values()), now)
        plans = {
            follower: [
                piece
                for piece in pieces
                if piece.page.first_published_at > since[follower]
                and any(piece.matches(s) for s in subscriptions)
            ]
            for follower, subscriptions in by_follower.items()
        }
        with_news = sum(1 for chosen in plans.values() if chosen)
        if dry_run:
            return with_news, len(plans) - with_news
        DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(
                    follower=follower, week=week, until=now, pieces=len(chosen), claim=claim
                )
                for follower, chosen in plans.items()
            ],
            ignore_conflicts=True,
        )
        mine = set(
            DigestDelivery.objects.filter(week=week, claim=claim).values_list(
                "follower_id", flat=True
            )
        )
        messages = [
            mail.digest_message(follower, [s.pk for s in by_follower[follower]], chosen)
            for follower, chosen in plans.items()
            if chosen and follower.pk in mine
        ]
        sent = mail.send_all(messages)
    return sent, len(mine) - sent
