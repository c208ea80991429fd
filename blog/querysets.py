"""What readers may see, decided in one place, and what listings need, fetched up front.

Every view, feed, sitemap, API endpoint and search goes through ``visible()``: live, public
(no view restriction on the page or an ancestor) and not expired. ``for_listing()`` fetches
the byline, tags and cover renditions that cards show, in a fixed number of queries however
many items a page lists.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.query import PageQuerySet


# The renditions the templates' {% picture %} tags ask for (Wagtail names each one
# "format-…|fill-…"), prefetched together so a listing makes no query or storage call per
# image once they exist. Keep these in step with the templates.
def _picture_specs(formats, sizes):
    return tuple(f"format-{fmt}|{size}" for fmt in formats for size in sizes)


CARD_RENDITIONS = _picture_specs(("webp", "jpeg"), ("fill-320x180", "fill-640x360"))
AVATAR_RENDITIONS = _picture_specs(("webp", "png"), ("fill-96x96", "fill-192x192"))


def images_with_renditions(*filters):
    return get_image_model().objects.prefetch_renditions(*filters)


def renditions_prefetch(image_field, filters):
    """The renditions ``filters`` of ``image_field``, an image fetched with ``select_related``:
    one query for every image of a listing (fetching the images by prefetch costs another).
    Only for images whose templates ask for no other rendition: Wagtail looks no further
    than the prefetched ones."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=filters)
    return Prefetch(
        f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def not_expired():
    """Pages whose expiry time, if any, has not come (publish_scheduled may not have run)."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def is_live_and_current(page):
    """``visible()`` for one page already in memory, but its view restrictions: live and
    not past its expiry time. Callers decide about restrictions (a reader may have opened
    a private page with its password)."""
    return page.live and (page.expire_at is None or page.expire_at > timezone.now())


def view_restricted():
    """Pages with a view restriction on themselves or an ancestor (a restricted page's path
    starts this page's path), decided inside the query that lists them. Wagtail's own
    ``public()`` reads every restriction in a query of its own each time it is called."""
    from wagtail.models import PageViewRestriction

    on_the_way = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Exists(on_the_way)


class VisiblePageQuerySet(PageQuerySet):
    def public(self):
        """Wagtail's ``public()`` (no restriction on the page or an ancestor), in one query."""
        return self.exclude(view_restricted())

    def visible(self):
        return self.live().public().filter(not_expired())


def bylines_prefetch():
    """An article's byline authors in order, each marked with whether readers may open its
    profile (``ArticlePage.ordered_authors`` reads the mark), with their avatars (a piece's
    author cards show them; in the same query, so a listing pays nothing for them)."""
    from .models import ArticleAuthor, AuthorPage

    visible_author = AuthorPage.objects.visible().filter(pk=OuterRef("author_id"))
    bylines = (
        ArticleAuthor.objects.select_related("author__avatar")
        .annotate(author_is_visible=Exists(visible_author))
        .order_by("sort_order")
    )
    return Prefetch("article_authors", queryset=bylines)


def prefetch_cards(cards, *, with_pages=()):
    """What the cards ``cards`` show (articles in memory, of any article type, their covers
    fetched by ``with_covers()``): bylines, tags and cover renditions, one query each,
    however many cards and lists (home's two lists, a page's "Read next"). ``with_pages``
    get their bylines and tags in the same queries (a story and its "Read next")."""
    prefetch_related_objects([*with_pages, *cards], bylines_prefetch(), "tags")
    prefetch_related_objects(cards, renditions_prefetch("cover_image", CARD_RENDITIONS))


class ArticlePageQuerySet(VisiblePageQuerySet):
    def with_covers(self):
        """Cards' cover images, in the query itself; ``prefetch_cards`` adds the rest."""
        return self.select_related("cover_image")

    def for_listing(self):
        return self.with_covers().prefetch_related(
            bylines_prefetch(), "tags", renditions_prefetch("cover_image", CARD_RENDITIONS)
        )

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def by_author(self, author):
        return self.filter(article_authors__author=author).distinct()

    def tagged(self, tag):
        return self.filter(tagged_items__tag=tag).distinct()


class AuthorPageQuerySet(VisiblePageQuerySet):
    def for_listing(self):
        return self.select_related("avatar").prefetch_related(
            renditions_prefetch("avatar", AVATAR_RENDITIONS)
        )
