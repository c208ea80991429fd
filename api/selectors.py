"""What the content API lists: only what readers may see, fetched up front.

Every queryset here starts from ``visible()`` (live, public, not expired: see
``blog/querysets.py``) and keeps to the requesting site's tree, whoever asks: a token or a
session changes nothing on the reader endpoints. Listings prefetch bylines, tags and the
API's cover and avatar renditions, so a response costs the same number of queries for one
item or fifty.
"""

from django.db.models import Exists, OuterRef, Prefetch
from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from blog.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorLink,
    AuthorPage,
    JourneyMilestone,
    JourneyStoryPage,
    TutorialPage,
    TutorialSeries,
)
from blog.querysets import VisiblePageQuerySet, bylines_prefetch, images_with_renditions
from search.candidates import searchable

# The renditions the API offers: a card and a large cover; one avatar size.
COVER_RENDITIONS = ("fill-640x360", "width-1200")
AVATAR_RENDITIONS = ("fill-160x160",)


class UnknownFilterError(LookupError):
    """A filter names something readers cannot see: an unknown tag, author or series."""


def _on_site(queryset, request):
    site = Site.find_for_request(request)
    if site is None:
        return queryset.none()
    return queryset.descendant_of(site.root_page, inclusive=True)


def visible_pages(request):
    """Every page of any type on the request's site that readers may see."""
    return _on_site(VisiblePageQuerySet(model=Page).visible(), request)


def visible_articles(request, model=ArticlePage):
    return _on_site(model.objects.visible(), request)


def visible_authors(request):
    return _on_site(AuthorPage.objects.visible(), request)


def visible_author_ids(authors, request):
    """Which of ``authors`` (from bylines) readers may see: only those get a link."""
    ids = {author.pk for author in authors}
    if not ids:
        return set()
    return set(visible_authors(request).filter(pk__in=ids).values_list("pk", flat=True))


def _search(queryset, query, prefetch):
    # The search backend filters only on indexed fields; everything else that narrowed
    # ``queryset`` (tags, bylines, expiry on author pages) travels as ids (``searchable``).
    candidates = searchable(queryset, universe=queryset.model.objects.live())
    return get_search_backend().search(query, prefetch(candidates))


def _article_prefetch(queryset):
    queryset = queryset.prefetch_related(
        bylines_prefetch(),
        "tags",
        Prefetch("cover_image", queryset=images_with_renditions(*COVER_RENDITIONS)),
    )
    if issubclass(queryset.model, TutorialPage):
        queryset = queryset.select_related("series")
    return queryset


def _author_prefetch(queryset):
    return queryset.prefetch_related(
        Prefetch("avatar", queryset=images_with_renditions(*AVATAR_RENDITIONS)),
        Prefetch("links", queryset=AuthorLink.objects.order_by("sort_order", "pk")),
    )


def article_listing(queryset, *, search=None):
    """Newest first, or best match first when searching."""
    if search:
        return _search(queryset, search, _article_prefetch)
    return _article_prefetch(queryset).order_by("-first_published_at", "-pk")


def author_listing(queryset, *, search=None):
    """By name, or best match first when searching."""
    if search:
        return _search(queryset, search, _author_prefetch)
    return _author_prefetch(queryset).order_by("title", "pk")


def article(request, model, pk):
    queryset = _article_prefetch(visible_articles(request, model).filter(pk=pk))
    if model is JourneyStoryPage:
        milestones = JourneyMilestone.objects.order_by("sort_order", "pk")
        queryset = queryset.prefetch_related(Prefetch("milestones", queryset=milestones))
    return queryset.first()


def author(request, pk):
    return _author_prefetch(visible_authors(request).filter(pk=pk)).first()


def tagged(queryset, slug, request):
    # A tag that only drafts, private or expired pieces carry is as unknown as a typo:
    # answering otherwise would tell readers that such a piece exists.
    on_visible = visible_articles(request).filter(tagged_items__tag=OuterRef("pk"))
    tag = Tag.objects.filter(Exists(on_visible), slug=slug).first()
    if tag is None:
        raise UnknownFilterError(f"No tag with the slug '{slug}'.")
    return queryset.filter(pk__in=ArticlePage.objects.filter(tagged_items__tag=tag).values("pk"))


def written_by(queryset, slug, request):
    author = visible_authors(request).filter(slug=slug).first()
    if author is None:
        raise UnknownFilterError(f"No author with the slug '{slug}'.")
    bylines = ArticleAuthor.objects.filter(author=author).values("page_id")
    return queryset.filter(pk__in=bylines)


def in_series(queryset, slug):
    series = TutorialSeries.objects.filter(slug=slug).first()
    if series is None:
        raise UnknownFilterError(f"No tutorial series with the slug '{slug}'.")
    return queryset.filter(series=series)
