from django.urls import path

from . import views
from .feeds import ArticleAtomFeed, ArticleRssFeed

app_name = "blog"

urlpatterns = [
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("feeds/<str:scope>/rss.xml", ArticleRssFeed(), name="feed_rss"),
    path("feeds/<str:scope>/atom.xml", ArticleAtomFeed(), name="feed_atom"),
    path("feeds/<str:scope>/<str:slug>/rss.xml", ArticleRssFeed(), name="feed_rss"),
    path("feeds/<str:scope>/<str:slug>/atom.xml", ArticleAtomFeed(), name="feed_atom"),
]
