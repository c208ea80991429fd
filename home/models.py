"""The site root: an intro, the pieces editors feature, and the latest stories and tutorials."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from blog import kinds, trail
from blog.fragments import KeptMain
from blog.models import ArticlePage
from blog.querysets import prefetch_cards

LATEST_COUNT = 6


class HomeFeaturedItem(Orderable):
    home = ParentalKey("home.HomePage", related_name="featured_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "blog.ArticlePage", related_name="featured_on", on_delete=models.CASCADE
    )

    panels = [FieldPanel("page")]


class HomePage(KeptMain, trail.TrailPage, Page):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_items", label="Featured", max_num=6),
    ]

    main_template = "home/home_main.html"

    def featured(self):
        """Featured pieces in the editors' order; drafts and unpublished ones drop out."""
        return list(
            ArticlePage.objects.visible()
            .filter(featured_on__home=self)
            .with_covers()
            .order_by("featured_on__sort_order")
        )

    def main_context(self, request):
        featured = self.featured()
        latest = list(
            ArticlePage.objects.visible()
            .exclude(pk__in=[page.pk for page in featured])
            .with_covers()
            .newest_first()[:LATEST_COUNT]
        )
        prefetch_cards([*featured, *latest])  # both listings' bylines and tags together
        return {"featured": featured, "latest": latest}

    def route(self, request, path_components):
        """Wagtail's routing from the site root, in one query (``blog.trail``)."""
        routed = trail.route(self, request, path_components)
        return routed or super().route(request, path_components)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    @classmethod
    def clean_subpage_models(cls):
        """Wagtail's list of what may be added here (instead of ``subpage_types``): the
        indexes the reader page types live under (``blog.kinds.index_model``)."""
        return list(dict.fromkeys(kinds.index_model(model) for model in kinds.models()))
