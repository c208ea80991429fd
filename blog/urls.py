from django.urls import path, register_converter

from . import views
from .feeds import ArticleAtomFeed, ArticleRssFeed


class SlugTextConverter:
    """Any text between slashes but control characters: no tag or profile has them in its
    slug, and PostgreSQL refuses a NUL in a query (a 500), so such an address is a 404
    before any query is made."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SlugTextConverter, "slugtext")

app_name = "blog"

urlpatterns = [
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<slugtext:slug>/", views.tag_detail, name="tag_detail"),
    # Before Wagtail's pages: the tutorial index never serves a child at this depth.
    path("tutorials/series/<slugtext:slug>/", views.series_detail, name="series_detail"),
    path("feeds/<slugtext:scope>/rss.xml", ArticleRssFeed(), name="feed_rss"),
    path("feeds/<slugtext:scope>/atom.xml", ArticleAtomFeed(), name="feed_atom"),
    path("feeds/<slugtext:scope>/<slugtext:slug>/rss.xml", ArticleRssFeed(), name="feed_rss"),
    path("feeds/<slugtext:scope>/<slugtext:slug>/atom.xml", ArticleAtomFeed(), name="feed_atom"),
]
