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
