"""The site root: an intro, the pieces editors feature, the latest stories and tutorials and
what readers read most this week; the site's own pages (About, Code of conduct); and the
daily read counts "Most read this week" comes from."""

from django.core.validators import MaxLengthValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmarkdown.fields import MarkdownField

from blog import kinds, trail
from blog.fragments import KeptMain
from blog.models import ArticlePage, formatted
from blog.querysets import VisiblePageQuerySet, prefetch_cards

# Four full rows of three (six of two) on a wide screen, then links to every story and tutorial.
LATEST_COUNT = 12
MAX_INFO_BODY_CHARS = 50_000


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
        from . import reads  # reads reads these models

        featured = self.featured()
        latest = list(
            ArticlePage.objects.visible()
            .exclude(pk__in=[page.pk for page in featured])
            .with_covers()
            .newest_first()[:LATEST_COUNT]
        )
        most_read = reads.most_read_this_week()
        # Every listing's bylines and tags together: the count stays the same however many.
        prefetch_cards([*featured, *latest, *most_read])
        return {
            "featured": featured,
            "latest": latest,
            "most_read": most_read,
            "indexes": self.indexes(),
        }

    def indexes(self):
        """The listings of every story and every tutorial (the way to the rest; not the
        authors'), in the menu's order. Read with the route when Wagtail served the page
        (``blog.trail``)."""
        index_models = {
            kinds.index_model(model) for model in kinds.models() if issubclass(model, ArticlePage)
        }
        route_trail = getattr(self, "route_trail", None)
        if route_trail is not None:
            rows = route_trail.menu()
        else:
            rows = VisiblePageQuerySet(Page).child_of(self).visible().order_by("path")
        return [row for row in rows if row.specific_class in index_models]

    def route(self, request, path_components):
        """Wagtail's routing from the site root, in one query (``blog.trail``)."""
        routed = trail.route(self, request, path_components)
        return routed or super().route(request, path_components)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    @classmethod
    def clean_subpage_models(cls):
        """Wagtail's list of what may be added here (instead of ``subpage_types``): the
        indexes the reader page types live under (``blog.kinds.index_model``) and the
        site's own pages."""
        indexes = [kinds.index_model(model) for model in kinds.models()]
        return list(dict.fromkeys([*indexes, InfoPage]))


class InfoPage(KeptMain, trail.TrailPage, Page):
    """One of the site's own pages, such as About or the Code of conduct: a Markdown body
    rendered and sanitised once per revision like every body (``blog.rendering``). Only
    editors create them (``editorial.permissions.may_create``: not a contributor's kind).
    The footer links every one readers may see (``blog.trail`` reads them with the menu)."""

    body = MarkdownField(
        blank=True,
        max_length=MAX_INFO_BODY_CHARS,
        validators=[MaxLengthValidator(MAX_INFO_BODY_CHARS)],
        help_text="The page's text, in Markdown.",
    )
    body_html = models.TextField(editable=False, default="")

    content_panels = Page.content_panels + [FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("body")]

    main_template = "home/info_main.html"

    def clean(self):
        super().clean()
        rendered = formatted(self, "body")
        if rendered is not None:
            self.body_html = rendered.html

    parent_page_types = ["home.HomePage"]
    subpage_types = []


class PageReadDay(models.Model):
    """How many times a story or tutorial was read on one day (UTC): a number, nothing
    about who read it (``home.reads``)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="home_pagereadday_page_day")
        ]
        indexes = [models.Index(fields=["day"], name="home_pagereadday_day")]

    def __str__(self):
        return f"{self.count} reads of page {self.page_id} on {self.day}"
