"""RSS 2.0 and Atom feeds: everything, stories, tutorials, one tag, one author, one series.

Items are what readers may see (``visible()``), newest first, with the full sanitised body
(stored at save time, so a feed never renders Markdown) and the dates readers see.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import kinds
from .models import ArticlePage, AuthorPage, TutorialPage
from .selectors import visible_series, visible_tags
from .text import clean_data

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedSource:
    title: str
    description: str
    link: str
    items: QuerySet
    url_kwargs: dict


def _site_name():
    return settings.WAGTAIL_SITE_NAME


def _kind_feed(scope):
    """The feed of one page type (``blog.kinds``: ``PageKind.feed``), or ``None``."""
    model = next((m for m in kinds.article_models() if m.kind.feed == scope), None)
    if model is None:
        return None
    index = kinds.index_model(model).objects.live().order_by("path").first()
    return FeedSource(
        f"{model.kind.plural} · {_site_name()}",
        model.kind.feed_description,
        index.url if index is not None else "/",
        model.objects.visible(),
        {"scope": scope},
    )


def feed_source(scope, slug=None):
    """What a feed holds, by scope: ``all``, each page type's own (``journeys``,
    ``tutorials``), ``tags``, ``authors`` or ``series`` (the last three with a slug, the
    others without). Unknown scopes and slugs are a 404."""
    if slug and scope not in ("tags", "authors", "series"):
        raise Http404("There is no such feed.")
    if scope == "all":
        return FeedSource(
            _site_name(),
            "Journey stories and tutorials from people who became backend developers.",
            "/",
            ArticlePage.objects.visible(),
            {"scope": "all"},
        )
    if not slug and (source := _kind_feed(scope)) is not None:
        return source
    if scope == "tags" and slug:
        tag = visible_tags().filter(slug=slug).first()
        if tag is not None:
            return FeedSource(
                f"#{tag.name} · {_site_name()}",
                f"Stories and tutorials tagged {tag.name}.",
                reverse("blog:tag_detail", args=[tag.slug]),
                ArticlePage.objects.visible().tagged(tag),
                {"scope": "tags", "slug": tag.slug},
            )
    if scope == "authors" and slug:
        author = AuthorPage.objects.visible().filter(slug=slug).first()
        if author is not None:
            return FeedSource(
                f"{author.title} · {_site_name()}",
                f"Stories and tutorials by {author.title}.",
                author.url,
                ArticlePage.objects.visible().by_author(author),
                {"scope": "authors", "slug": author.slug},
            )
    if scope == "series" and slug:
        series = visible_series().filter(slug=slug).first()
        if series is not None:
            return FeedSource(
                f"{series.title} · {_site_name()}",
                series.description or f"The parts of the tutorial series {series.title}.",
                reverse("blog:series_detail", args=[series.slug]),
                TutorialPage.objects.visible().filter(series=series),
                {"scope": "series", "slug": series.slug},
            )
    raise Http404("There is no such feed.")


class _CleanTextFeed:
    """A feed writer that drops the characters XML 1.0 cannot carry. Text is cleaned when it
    is saved (``blog/text.py``), but a piece stored before that would otherwise make Django's
    writer refuse, and so every feed holding it answer 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*clean_data(args), **clean_data(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*clean_data(args), **clean_data(kwargs))


class CleanRssFeed(_CleanTextFeed, Rss201rev2Feed):
    pass


class CleanAtomFeed(_CleanTextFeed, Atom1Feed):
    pass


class ArticleRssFeed(Feed):
    feed_type = CleanRssFeed
    url_name = "blog:feed_rss"

    def get_object(self, request, scope="all", slug=None):
        # One instance serves every request, in every thread: keep no request on it.
        return feed_source(scope, slug)

    def title(self, source):
        return source.title

    def description(self, source):
        return source.description

    def subtitle(self, source):
        return source.description

    def link(self, source):
        return source.link

    def feed_url(self, source):
        return reverse(self.url_name, kwargs=source.url_kwargs)

    def items(self, source):
        return source.items.for_listing().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        # Django adds the host and scheme the feed was fetched with, as on the feed's links.
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return ", ".join(author.title for author in item.ordered_authors) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = CleanAtomFeed
    url_name = "blog:feed_atom"
