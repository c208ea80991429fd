"""sitemap.xml: every page readers may see, and every tag and series page that lists
something."""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .querysets import not_expired
from .selectors import visible_series, visible_tags


class VisiblePagesSitemap(WagtailSitemap):
    def items(self):
        # Wagtail's own list is live and public; past their expiry time pages go too.
        return super().items().filter(not_expired())


class TagSitemap(DjangoSitemap):
    def items(self):
        # Every tag has a slug, emoji-only names included (``blog.tags``).
        return list(visible_tags())

    def location(self, tag):
        return reverse("blog:tag_detail", args=[tag.slug])


class SeriesSitemap(DjangoSitemap):
    def items(self):
        return list(visible_series().order_by("slug"))

    def location(self, series):
        return reverse("blog:series_detail", args=[series.slug])


SITEMAPS = {"pages": VisiblePagesSitemap, "tags": TagSitemap(), "series": SeriesSitemap()}
