"""A CDN or caching proxy in front of the site (Varnish, Fastly, Cloudflare, CloudFront) told
which addresses changed, through Wagtail's frontend cache backends (configured from the
environment in ``config/settings/base.py``; nothing is sent when none is).

On publish and unpublish it purges the page, the pages that list it (its index, the home
page), its authors' and tags' pages, the feeds that carry it and the sitemap. Whatever else a
CDN keeps (search result pages, other listings) ages out within ``SHARED_CACHE_SECONDS``.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished


def addresses(page):
    """The paths that show ``page`` besides the pages themselves: feeds and the sitemap."""
    feeds = [("all",)]
    kind = getattr(page, "kind", None)
    if kind is not None and kind.feed:
        feeds.append((kind.feed,))
    if hasattr(page, "tags"):
        for tag in page.tags.all():
            feeds.append(("tags", tag.slug))
            yield reverse("blog:tag_detail", args=[tag.slug])
    for author in authors(page):
        feeds.append(("authors", author.slug))
    for scope in feeds:
        yield reverse("blog:feed_rss", args=scope)
        yield reverse("blog:feed_atom", args=scope)
    yield reverse("sitemap")


def authors(page):
    if not hasattr(page, "article_authors"):
        return []
    return [byline.author for byline in page.article_authors.select_related("author")]


def related_pages(page):
    """The page, the live pages above it (its index, the home page) and its authors."""
    return [page, *page.get_ancestors().live().filter(depth__gt=1).specific(), *authors(page)]


def purge(sender, instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    page = instance.specific
    batch = PurgeBatch()
    batch.add_pages(related_pages(page))
    site = page.get_site()
    if site is not None:
        root = site.root_url.rstrip("/")
        batch.add_urls(root + path for path in addresses(page))
    batch.purge()


def connect():
    page_published.connect(purge, dispatch_uid="pagecache.frontend.published")
    page_unpublished.connect(purge, dispatch_uid="pagecache.frontend.unpublished")
