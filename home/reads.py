"""Reads of stories and tutorials, counted without cookies or anything about the reader, for
"Most read this week" on the home page.

Why a beacon: readers' pages come from the page cache (``pagecache``), so a counter in the
page's view would never see most reads. Instead ``static/js/reads.js`` (deferred, same
origin, no cookie) posts once to ``/read/<page id>/`` when a story or tutorial has been open
a few seconds; a crawler that runs no script is not counted. What is stored is one number
per page per day (``PageReadDay``), raised with an atomic ``UPDATE … SET count = count + 1``:
no address, no user, no time of day. One client is held to ``CLIENT_LIMIT`` reads a minute
with the sign-up throttle's counting (a hashed address kept in the shared cache for a
minute, never in the database), so one script cannot push a piece up the list.

"Enough data": the section shows only when the pieces read in the last ``WINDOW_DAYS`` days
add up to ``MIN_READS`` reads or more, and lists pieces read at least ``MIN_PIECE_READS``
times, so two clicks never make a "most read" list.
"""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.throttle import client_ip, ip_bucket
from blog.models import ArticlePage

from .models import PageReadDay

WINDOW_DAYS = 7
MOST_READ_COUNT = 4
MIN_READS = 20
MIN_PIECE_READS = 3
CLIENT_LIMIT = 30
CLIENT_WINDOW_SECONDS = 60
KEY_PREFIX = "home:reads"


class ReadRefusedError(Exception):
    """Not a story or tutorial readers can see: nothing is counted."""


def _today():
    return timezone.now().date()


def client_may_count(request):
    """Whether this client has sent fewer than ``CLIENT_LIMIT`` reads this minute (and
    counts this one). A cache that is down counts nothing rather than failing."""
    key = f"{KEY_PREFIX}:client:{ip_bucket(client_ip(request))}"
    try:
        cache.add(key, 0, CLIENT_WINDOW_SECONDS)
        return cache.incr(key) <= CLIENT_LIMIT
    except Exception:  # a cache that is away: no count, and no error page for a beacon
        return False


def read_record(*, page_id, day=None):
    """One more read of the story or tutorial ``page_id`` today. Raises
    ``ReadRefusedError`` for any page readers cannot see (a draft, an expired or private
    piece, an index, an unknown id)."""
    if not ArticlePage.objects.visible().filter(pk=page_id).exists():
        raise ReadRefusedError(page_id)
    day = day or _today()
    rows = PageReadDay.objects.filter(page_id=page_id, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PageReadDay.objects.create(page_id=page_id, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        rows.update(count=F("count") + 1)


def most_read_this_week(*, today=None, limit=MOST_READ_COUNT):
    """The visible stories and tutorials read most in the last ``WINDOW_DAYS`` days (today
    included), most read first, or ``[]`` while there are too few reads to say. Two
    queries whatever the number of pieces; their bylines and tags are the caller's to
    prefetch with its other cards."""
    today = today or _today()
    since = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    visible = ArticlePage.objects.visible().values("pk")
    totals = (
        PageReadDay.objects.filter(day__gte=since, day__lte=today, page__in=visible)
        .values("page_id")
        .annotate(reads=Sum("count"))
        .order_by("-reads", "page_id")
    )
    totals = list(totals[:50])
    if sum(row["reads"] for row in totals) < MIN_READS:
        return []
    top = [row for row in totals if row["reads"] >= MIN_PIECE_READS][:limit]
    reads = {row["page_id"]: row["reads"] for row in top}
    pages = ArticlePage.objects.visible().filter(pk__in=reads).with_covers()
    ranked = sorted(pages, key=lambda page: (-reads[page.pk], page.pk))
    for page in ranked:
        page.week_reads = reads[page.pk]
    return ranked
