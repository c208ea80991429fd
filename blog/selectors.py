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
