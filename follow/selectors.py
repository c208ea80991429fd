"""Reads: what a follow form may name, what a subscription is called, who follows a piece,
and what a weekly digest holds."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from blog.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorPage,
    TutorialPage,
    TutorialSeries,
)
from blog.selectors import visible_tags

from .models import Frequency, Scope, Subscription


@dataclass(frozen=True)
class Target:
    scope: str
    obj: object = None  # an AuthorPage, a Tag, a TutorialSeries, or None for "all"

    @property
    def key(self):
        return self.scope if self.obj is None else f"{self.scope}:{self.obj.pk}"

    @property
    def label(self):
        return describe(self.scope, self.obj)


def describe(scope, obj):
    """What a subscription brings, in readers' words."""
    if scope == Scope.AUTHOR:
        return f"new pieces by {obj.title}"
    if scope == Scope.TAG:
        return f"new pieces tagged #{obj.name}"
    if scope == Scope.SERIES:
        return f"new parts of the series {obj.title}"
    return "every new piece on Backend Journeys"


def target_for(scope, slug):
    """The target a form names, or ``None`` when readers cannot see it (a draft author, a
    tag only drafts carry, an unknown slug)."""
    if scope == Scope.ALL:
        return Target(Scope.ALL)
    if not slug:
        return None
    if scope == Scope.AUTHOR:
        obj = AuthorPage.objects.visible().filter(slug=slug).first()
    elif scope == Scope.TAG:
        obj = visible_tags().filter(slug=slug).first()
    elif scope == Scope.SERIES:
        obj = TutorialSeries.objects.filter(slug=slug).first()
    else:
        return None
    return None if obj is None else Target(scope, obj)


def subscriptions_of(follower):
    """A follower's confirmed subscriptions, with what each names, in a fixed order."""
    return (
        Subscription.objects.filter(follower=follower, confirmed_at__isnull=False)
        .select_related("author", "tag", "series")
        .order_by("scope", "created_at", "pk")
    )


def visible_piece(page_id):
    """The piece readers may see now (live, public, not expired), or ``None``."""
    return ArticlePage.objects.visible().filter(pk=page_id).first()


def piece_targets(page):
    """``(author_ids, tag_ids, series_id)`` of one piece."""
    author_ids = list(page.article_authors.values_list("author_id", flat=True))
    tag_ids = list(page.tagged_items.values_list("tag_id", flat=True))
    series_id = TutorialPage.objects.filter(pk=page.pk).values_list("series_id", flat=True).first()
    return author_ids, tag_ids, series_id


def _matching(author_ids, tag_ids, series_id):
    match = Q(scope=Scope.ALL) | Q(author_id__in=author_ids) | Q(tag_id__in=tag_ids)
    if series_id:
        match |= Q(series_id=series_id)
    return match


def followers_of_piece(page):
    """``{follower: [subscription ids]}``: every confirmed "every new piece" subscription
    that names this piece, grouped by address (one email each), in one query."""
    author_ids, tag_ids, series_id = piece_targets(page)
    subscriptions = (
        Subscription.objects.filter(
            _matching(author_ids, tag_ids, series_id),
            confirmed_at__isnull=False,
            frequency=Frequency.EACH,
        )
        .select_related("follower")
        .order_by("follower_id", "pk")
    )
    grouped = {}
    for subscription in subscriptions:
        grouped.setdefault(subscription.follower, []).append(subscription.pk)
    return grouped


@dataclass(frozen=True)
class DigestPiece:
    page: ArticlePage
    author_ids: frozenset
    tag_ids: frozenset
    series_id: int | None

    def matches(self, subscription):
        if subscription.scope == Scope.ALL:
            return True
        if subscription.scope == Scope.AUTHOR:
            return subscription.author_id in self.author_ids
        if subscription.scope == Scope.TAG:
            return subscription.tag_id in self.tag_ids
        return subscription.series_id is not None and subscription.series_id == self.series_id


def pieces_since(since, until):
    """Pieces readers may see first published in (``since``, ``until``], oldest first, with
    what subscriptions match on: four queries however many there are."""
    pages = list(
        ArticlePage.objects.visible()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .order_by("first_published_at", "pk")
    )
    ids = [page.pk for page in pages]
    authors, tags = defaultdict(set), defaultdict(set)
    for page_id, author_id in ArticleAuthor.objects.filter(page_id__in=ids).values_list(
        "page_id", "author_id"
    ):
        authors[page_id].add(author_id)
    for page_id, tag_id in ArticleTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        tags[page_id].add(tag_id)
    series = dict(TutorialPage.objects.filter(pk__in=ids).values_list("pk", "series_id"))
    return [
        DigestPiece(
            page, frozenset(authors[page.pk]), frozenset(tags[page.pk]), series.get(page.pk)
        )
        for page in pages
    ]


def follow_counts():
    """How many confirmed addresses follow something, and how many subscriptions of each
    kind: the only thing about followers the admin shows (to editors; never an address)."""
    from django.db.models import Count

    from .models import Follower

    confirmed = Subscription.objects.filter(confirmed_at__isnull=False)
    by_scope = dict(
        confirmed.values_list("scope").annotate(n=Count("pk")).values_list("scope", "n")
    )
    followers = Follower.objects.filter(subscriptions__confirmed_at__isnull=False).distinct()
    return {
        "followers": followers.count(),
        "rows": [(label, by_scope.get(value, 0)) for value, label in Scope.choices],
    }
