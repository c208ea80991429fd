"""Pages readers see: journey stories, tutorials, authors and their indexes.

``ArticlePage`` is a concrete base that stories and tutorials share, so one query lists both
(home, tag pages, author pages, feeds, search) with their authors, tags and covers. It cannot
be created on its own. Every model keeps one order: fields, panels, search fields, methods
and properties, then parent and child rules.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailmarkdown.fields import MarkdownField

from . import kinds
from .forms import ArticlePageForm, AuthorPageForm
from .fragments import KeptMain
from .images import ImageUnavailableError, image_unavailable, resolve_images
from .kinds import PageKind, kind_of
from .pagination import paginate
from .querysets import (
    AVATAR_RENDITIONS,
    ArticlePageQuerySet,
    AuthorPageQuerySet,
    prefetch_cards,
    renditions_prefetch,
)
from .rendering import MAX_MARKDOWN_CHARS, MarkdownError, plain_text, render_markdown
from .revisions import NoIdenticalRevisions
from .slugs import short_slug
from .trail import TrailPage

HTTP_URL = URLValidator(schemes=["http", "https"])
# The years a journey, or a milestone in it, may be dated to.
FIRST_JOURNEY_YEAR = 1950
LAST_JOURNEY_YEAR = 2100
MAX_BIO_CHARS = 2000


def formatted(page, field_name):
    """The page's Markdown field rendered, its pictures resolved (``blog.images``), or a
    ``ValidationError`` on that field saying why it cannot be. A text over its length limit
    is left to the field's own validator."""
    text = getattr(page, field_name) or ""
    field = page._meta.get_field(field_name)
    if field.max_length and len(text) > field.max_length:
        return None
    try:
        rendered = render_markdown(text)
        return dataclasses.replace(rendered, html=resolve_images(rendered.html))
    except MarkdownError as error:
        raise ValidationError({field_name: str(error)}) from None
    except ImageUnavailableError as error:
        raise ValidationError({field_name: image_unavailable(error)}) from None


class ArticleTag(TaggedItemBase):
    """One tag vocabulary for stories and tutorials alike."""

    content_object = ParentalKey(
        "blog.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleAuthor(Orderable):
    """A byline entry: an article's authors, in the order the editor set."""

    page = ParentalKey("blog.ArticlePage", related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey("blog.AuthorPage", related_name="bylines", on_delete=models.CASCADE)

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")
        ]


class TutorialSeriesQuerySet(models.QuerySet):
    def with_part_counts(self):
        """Each series' number of parts readers may see, as ``part_count``."""
        live_parts = TutorialPage.objects.visible().values("pk")
        return self.annotate(
            part_count=models.Count("tutorials", filter=models.Q(tutorials__in=live_parts))
        )


@register_snippet
class TutorialSeries(models.Model):
    """A run of tutorials meant to be read in order."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=500)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")]

    objects = TutorialSeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "tutorial series"
        ordering = ["title"]

    def __str__(self):
        return self.title


class ArticlePage(NoIdenticalRevisions, KeptMain, TrailPage, Page):
    """Fields every story and tutorial has. Not creatable by itself."""

    summary = models.TextField(
        max_length=300, help_text="One or two plain sentences shown on cards and in feeds."
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Give the image a description in the image library: it is the alt text.",
    )
    body = MarkdownField(
        max_length=MAX_MARKDOWN_CHARS,
        validators=[MaxLengthValidator(MAX_MARKDOWN_CHARS)],
        help_text="Markdown. Headings become the table of contents.",
    )
    body_html = models.TextField(editable=False, default="")
    # The body's text as readers see it, for search snippets (no HTML to strip per request).
    body_text = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    original_published_at = models.DateField(
        null=True,
        blank=True,
        verbose_name="originally published on",
        help_text="For a piece first published elsewhere.",
    )
    canonical_url = models.URLField(
        blank=True,
        max_length=500,
        validators=[HTTP_URL],
        help_text="Where the piece was first published, if anywhere.",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        InlinePanel("article_authors", label="Authors", min_num=1),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("original_published_at"), FieldPanel("canonical_url")],
            heading="First published elsewhere",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields(
            "article_authors",
            [index.RelatedFields("author", [index.SearchField("title")])],
        ),
        index.FilterField("first_published_at"),
        index.FilterField("expire_at"),
    ]

    # What Wagtail's generic /api/v3/pages/ endpoints read and write. Bylines are set in the
    # admin (a new piece starts with the writer's own profile); readers get them, with tags
    # and cover renditions, from the content API's /stories/, /tutorials/ and /articles/.
    api_fields = [
        APIField("summary", writable=True),
        APIField("body", writable=True),
        APIField("body_html"),
        APIField("reading_minutes"),
        APIField("cover_image", writable=True),
        APIField("tags", writable=True),
        APIField("original_published_at", writable=True),
        APIField("canonical_url", writable=True),
    ]

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    base_form_class = ArticlePageForm
    # Fetched with the page when it is served (``blog.trail``): what its template shows.
    served_with = ("cover_image",)

    is_creatable = False

    def _get_autogenerated_slug(self, base_slug):
        # Wagtail's slug from the title (a contributor's form has no slug field; the API),
        # shortened between words (``blog.slugs``).
        return super()._get_autogenerated_slug(short_slug(base_slug) or base_slug)

    def clean(self):
        super().clean()
        rendered = formatted(self, "body")
        if rendered is not None:
            self.body_html = rendered.html
            self.body_text = plain_text(rendered.html)
            self.toc = rendered.toc
            self.reading_minutes = rendered.reading_minutes

    @property
    def display_date(self):
        if self.original_published_at:
            return self.original_published_at
        if self.first_published_at:
            return self.first_published_at.date()
        return None

    @property
    def type_label(self):
        """What kind of piece this is, also for a base ``ArticlePage`` from a mixed listing."""
        return kind_of(self).label

    @property
    def type_kind(self):
        return kind_of(self).key

    @cached_property
    def ordered_authors(self):
        """Authors in byline order, each with ``reader_visible``: whether readers may open its
        profile (live, public, not expired), so a byline never links to a page that 404s or
        asks for a password. Listings prefetch both (``for_listing``); a page on its own
        finds out in one query."""
        bylines = list(self.article_authors.all())
        unknown = [b.author_id for b in bylines if not hasattr(b, "author_is_visible")]
        visible = set()
        if unknown:
            visible = set(
                AuthorPage.objects.visible().filter(pk__in=unknown).values_list("pk", flat=True)
            )
        for byline in bylines:
            byline.author.reader_visible = getattr(
                byline, "author_is_visible", byline.author_id in visible
            )
        return [byline.author for byline in bylines]

    @cached_property
    def tag_list(self):
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    def main_context(self, request):
        """What the page lists besides itself: "Read next", with their cards' data. The
        page's own bylines and tags come in the same queries as the cards'; a preview keeps
        the ones being edited."""
        from .selectors import related_articles  # selectors read these models

        if getattr(request, "is_preview", False):
            related = related_articles(self, tag_ids=[tag.pk for tag in self.tags.all()])
            prefetch_cards(related)
        else:
            related = related_articles(self)
            prefetch_cards(related, with_pages=[self])
        cards = self.author_cards()
        return {
            "related": related,
            "share_url": request.build_absolute_uri(self.get_url(request) or "/"),
            "author_cards": cards,
            # Listed too so that the kept page expires with the first of them (``fragments``).
            "author_pieces": [piece for author in cards for piece in author.more_pieces],
        }

    def author_cards(self):
        """The byline's authors whose profiles readers may open, for the cards at the end of
        the piece: avatar renditions, links and "More from" (``more_pieces``) fetched for all
        of them at once. A profile readers cannot see (a draft) gets no card: its fields are
        not public yet."""
        from .selectors import more_by_authors

        authors = [author for author in self.ordered_authors if author.reader_visible]
        if not authors:
            return []
        # The avatars came with the bylines (``bylines_prefetch``; a preview fetches them here).
        avatars = renditions_prefetch("avatar", AVATAR_RENDITIONS)
        prefetch_related_objects(authors, avatars, "links")
        pieces = more_by_authors(self, authors)
        for author in authors:
            author.more_pieces = pieces.get(author.pk, [])
        return authors

    parent_page_types = []
    subpage_types = []


class JourneyMilestone(Orderable):
    page = ParentalKey("blog.JourneyStoryPage", related_name="milestones", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_JOURNEY_YEAR), MaxValueValidator(LAST_JOURNEY_YEAR)]
    )
    text = models.CharField(max_length=200, help_text="One short line.")

    panels = [FieldPanel("year"), FieldPanel("text")]

    api_fields = [APIField("year", writable=True), APIField("text", writable=True)]


class JourneyStoryPage(ArticlePage):
    """How someone became a backend developer, told by them."""

    starting_point = models.CharField(
        max_length=100,
        help_text='Where the journey started: "retail cashier", "frontend developer".',
    )
    country = CountryField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    journey_started_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="year the journey began",
        validators=[MinValueValidator(FIRST_JOURNEY_YEAR), MaxValueValidator(LAST_JOURNEY_YEAR)],
    )

    content_panels = ArticlePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("starting_point"),
                FieldPanel("country"),
                FieldPanel("city"),
                FieldPanel("journey_started_year"),
            ],
            heading="The journey",
        ),
        InlinePanel("milestones", label="Milestones", heading="Timeline"),
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("starting_point", boost=2),
        index.FilterField("starting_point"),
        index.FilterField("country"),
        index.FilterField("journey_started_year"),
    ]

    api_fields = ArticlePage.api_fields + [
        APIField("starting_point", writable=True),
        APIField("country", writable=True),
        APIField("city", writable=True),
        APIField("journey_started_year", writable=True),
        APIField("milestones", writable=True),
    ]

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    main_template = "blog/journey_story_main.html"

    kind = PageKind(
        key="story",
        label="Journey story",
        plural="Journey stories",
        contributors_create=True,
        feed="journeys",
        feed_description="First-person stories from people who became backend developers.",
        import_aliases=("journey", "journeystory", "post", "article", "blog", "blogpost"),
        fields=("starting_point", "country", "city", "journey_started_year"),
    )

    class Meta:
        verbose_name = "journey story"
        verbose_name_plural = "journey stories"

    def clean(self):
        super().clean()
        this_year = datetime.date.today().year
        if self.journey_started_year and self.journey_started_year > this_year:
            raise ValidationError(
                {"journey_started_year": f"The journey cannot begin after {this_year}."}
            )

    @property
    def place(self):
        return ", ".join(part for part in (self.city, self.country.name) if part)

    parent_page_types = ["blog.StoryIndexPage"]
    subpage_types = []


class TutorialPage(ArticlePage):
    """A hands-on guide, optionally one part of a series."""

    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    difficulty = models.CharField(
        max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        verbose_name="estimated time (minutes)",
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 7)],
    )
    prerequisites = models.TextField(
        blank=True, max_length=1000, help_text="What a reader needs first: one item per line."
    )
    series = models.ForeignKey(
        TutorialSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutorials",
    )
    series_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Part number within the series: 1, 2, 3…",
    )

    content_panels = ArticlePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("difficulty"),
                FieldPanel("estimated_minutes"),
                FieldPanel("prerequisites"),
            ],
            heading="Before you start",
        ),
        MultiFieldPanel([FieldPanel("series"), FieldPanel("series_position")], heading="Series"),
    ]

    search_fields = ArticlePage.search_fields + [
        index.SearchField("prerequisites"),
        index.FilterField("difficulty"),
    ]

    api_fields = ArticlePage.api_fields + [
        APIField("difficulty", writable=True),
        APIField("estimated_minutes", writable=True),
        APIField("prerequisites", writable=True),
        APIField("series", writable=True),
        APIField("series_position", writable=True),
    ]

    objects = PageManager.from_queryset(ArticlePageQuerySet)()
    served_with = ("cover_image", "series")
    main_template = "blog/tutorial_main.html"

    kind = PageKind(
        key="tutorial",
        label="Tutorial",
        plural="Tutorials",
        contributors_create=True,
        feed="tutorials",
        feed_description="Hands-on guides to the backend skills our writers needed first.",
        schema_type="TechArticle",
        import_aliases=("guide", "howto", "walkthrough"),
        fields=("difficulty", "estimated_minutes", "prerequisites", "series", "series_position"),
    )

    class Meta:
        verbose_name = "tutorial"

    def clean(self):
        super().clean()
        if self.series_id and not self.series_position:
            raise ValidationError({"series_position": "Give the part number within the series."})
        if self.series_position and not self.series_id:
            raise ValidationError({"series": "Choose the series this part belongs to."})

    @property
    def prerequisite_list(self):
        return [line.strip(" -*\t") for line in self.prerequisites.splitlines() if line.strip()]

    @property
    def estimated_time_label(self):
        hours, minutes = divmod(self.estimated_minutes or 0, 60)
        if hours and minutes:
            return f"{hours} h {minutes} min"
        if hours:
            return f"{hours} h"
        return f"{minutes} min"

    def main_context(self, request):
        context = super().main_context(request)
        context["series_parts"] = self.series_parts
        context["series_previous"], context["series_next"] = self.series_neighbours
        return context

    @cached_property
    def series_parts(self):
        """Every part of this tutorial's series that readers may see, in order, in one query;
        this one among them even when it is not live yet (a preview), so that the series
        box always marks the page being read. Empty outside a series."""
        if not self.series_id or not self.series_position:
            return []
        parts = list(
            TutorialPage.objects.visible()
            .filter(series_id=self.series_id)
            .exclude(pk=self.pk)
            .defer("body", "body_html", "body_text", "toc")  # a box lists titles only
        )
        parts.append(self)
        never = datetime.datetime.max.replace(tzinfo=datetime.UTC)  # not published yet: last
        parts.sort(key=lambda p: (p.series_position, p.first_published_at or never, p.pk or 0))
        return parts

    @property
    def series_neighbours(self):
        """(previous, next) parts of the same series that readers may see."""
        parts = self.series_parts
        if not parts:
            return None, None
        here = parts.index(self)
        previous = parts[here - 1] if here > 0 else None
        following = parts[here + 1] if here + 1 < len(parts) else None
        return previous, following

    parent_page_types = ["blog.TutorialIndexPage"]
    subpage_types = []


class AuthorLink(Orderable):
    class Kind(models.TextChoices):
        WEBSITE = "website", "Website"
        GITHUB = "github", "GitHub"
        GITLAB = "gitlab", "GitLab"
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        LINKEDIN = "linkedin", "LinkedIn"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", "Other"

    page = ParentalKey("blog.AuthorPage", related_name="links", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WEBSITE)
    url = models.URLField(max_length=500, validators=[HTTP_URL])

    panels = [FieldPanel("kind"), FieldPanel("url")]

    api_fields = [APIField("kind", writable=True), APIField("url", writable=True)]


class AuthorPage(NoIdenticalRevisions, KeptMain, TrailPage, Page):
    """A writer's profile. The page title is the display name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The account this profile belongs to, if any. One profile per account.",
    )
    avatar = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = MarkdownField(
        blank=True,
        max_length=MAX_BIO_CHARS,
        validators=[MaxLengthValidator(MAX_BIO_CHARS)],
        help_text="A short bio, in Markdown.",
    )
    bio_html = models.TextField(editable=False, default="")
    location = models.CharField(max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("user"),
        FieldPanel("avatar"),
        FieldPanel("bio"),
        FieldPanel("location"),
        InlinePanel("links", label="Links"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("bio"),
        index.SearchField("location"),
    ]

    # The linked account (``user``) stays out of the API.
    api_fields = [
        APIField("bio", writable=True),
        APIField("bio_html"),
        APIField("location", writable=True),
        APIField("avatar", writable=True),
        APIField("links", writable=True),
    ]

    objects = PageManager.from_queryset(AuthorPageQuerySet)()
    base_form_class = AuthorPageForm
    served_with = ("avatar",)
    main_template = "blog/author_main.html"
    main_query = ("page",)

    kind = PageKind(
        key="author", label="Author", plural="Authors", article=False, schema_type="Person"
    )

    class Meta:
        verbose_name = "author profile"

    def clean(self):
        super().clean()
        rendered = formatted(self, "bio")
        if rendered is not None:
            self.bio_html = rendered.html

    def main_context(self, request):
        if not getattr(request, "is_preview", False):  # a preview shows the links being edited
            prefetch_related_objects([self], "links")  # for the template and the page meta
        articles = ArticlePage.objects.visible().by_author(self).for_listing().newest_first()
        return {"articles": paginate(request, articles)}

    parent_page_types = ["blog.AuthorIndexPage"]
    subpage_types = []


class IndexPage(KeptMain, TrailPage, Page):
    """What the three indexes share: an intro and a paginated list of live children."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    main_template = "blog/index_main.html"
    main_query = ("page",)

    class Meta:
        abstract = True

    def listed_items(self):
        """The live pages of every type that lives here (``clean_subpage_models``): as that
        type when there is one, so cards show its own facts; as articles when there are
        several."""
        models = self.clean_subpage_models()
        model = models[0] if len(models) == 1 else ArticlePage
        return self.ordered(model.objects.visible().child_of(self).for_listing())

    def ordered(self, pages):
        return pages.newest_first()

    def main_context(self, request):
        return {"items": paginate(request, self.listed_items())}

    max_count = 1
    parent_page_types = ["home.HomePage"]

    @classmethod
    def clean_subpage_models(cls):
        """Wagtail's list of what may be added here (instead of ``subpage_types``): the page
        types whose kind lives under this index (``blog.kinds.index_model``), so a new type
        names its index once, in its own ``parent_page_types``."""
        return [model for model in kinds.models() if kinds.index_model(model) is cls]


class StoryIndexPage(IndexPage):
    """Journey stories (and any other type whose index this is), newest first."""


class TutorialIndexPage(IndexPage):
    """Tutorials, newest first, and the series readers may follow (on the first page)."""

    main_template = "blog/tutorial_index_main.html"

    def main_context(self, request):
        from .selectors import visible_series  # selectors read these models

        context = super().main_context(request)
        series = visible_series().with_part_counts() if context["items"].number == 1 else []
        context["series_list"] = list(series)
        return context


class AuthorIndexPage(IndexPage):
    main_template = "blog/author_index_main.html"

    def ordered(self, pages):
        return pages.order_by("title")
