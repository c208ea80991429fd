"""Reads that views share and that are not a single page's own listing."""

from django.db.models import Count, Q
from taggit.models import Tag

from .models import ArticlePage


def visible_tags():
    """Tags on at least one piece readers may see, with how many, most used first."""
    visible_ids = ArticlePage.objects.visible().values("pk")
    return (
        Tag.objects.annotate(
            article_count=Count(
                "blog_articletag_items",
                filter=Q(blog_articletag_items__content_object__in=visible_ids),
                distinct=True,
            )
        )
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
    )


def articles_tagged(tag):
    return ArticlePage.objects.visible().tagged(tag).for_listing().newest_first()


def related_articles(page, *, tag_ids=None, limit=3):
    """Other pieces sharing the most tags with ``page`` or, for a journey story, the same
    starting point; newest first among equals. One query plus their covers; their bylines
    and tags are the caller's (``prefetch_cards``, with the page's own). ``tag_ids``: the
    page's tags when they are not the stored ones (a preview); by default read inside the
    query."""
    from .models import ArticleTag

    if tag_ids is None:
        tag_ids = ArticleTag.objects.filter(content_object_id=page.pk).values("tag_id")
    shares = Q(pk__in=ArticleTag.objects.filter(tag_id__in=tag_ids).values("content_object_id"))
    starting_point = getattr(page, "starting_point", "")
    if starting_point:
        shares |= Q(journeystorypage__starting_point__iexact=starting_point)
    return list(
        ArticlePage.objects.visible()
        .exclude(pk=page.pk)
        .filter(shares)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
        .with_covers()
        .order_by("-shared_tags", "-first_published_at", "-pk")[:limit]
    )


def more_by_authors(page, authors, *, limit=3):
    """Up to ``limit`` other pieces readers may see by each of ``authors``, newest first, as
    ``{author pk: [pieces]}``: one query however many authors ("More from" on a piece's
    author cards). The pieces are base ``ArticlePage`` rows, enough for a title and a link."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from .models import ArticleAuthor

    author_ids = [author.pk for author in authors]
    if not author_ids:
        return {}
    others = ArticlePage.objects.visible().exclude(pk=page.pk).values("pk")
    bylines = (
        ArticleAuthor.objects.filter(author_id__in=author_ids, page_id__in=others)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("page__first_published_at").desc(), F("page_id").desc()],
            )
        )
        .filter(rank__lte=limit)
        .select_related("page")
        .order_by("author_id", "rank")
    )
    pieces = {}
    for byline in bylines:
        pieces.setdefault(byline.author_id, []).append(byline.page)
    return pieces


def series_parts(series):
    """The parts of ``series`` readers may see, in order, with what their list items show
    (bylines, tags, covers), in a fixed number of queries however many parts."""
    from .models import TutorialPage

    return list(
        TutorialPage.objects.visible()
        .filter(series=series)
        .for_listing()
        .order_by("series_position", "first_published_at", "pk")
    )


def visible_series():
    """Series with at least one part readers may see: a series of drafts only does not exist
    as far as readers can tell (its page and feed are a 404, the sitemap leaves it out)."""
    from .models import TutorialPage, TutorialSeries

    live_parts = TutorialPage.objects.visible().filter(series__isnull=False).values("series_id")
    return TutorialSeries.objects.filter(pk__in=live_parts)
