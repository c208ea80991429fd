"""The shapes the content API reads and answers with; they are also its OpenAPI schema."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Schema
from wagtail.api.v3.errors import ProblemDetail

from blog import kinds
from blog.models import TutorialPage
from search.forms import MAX_QUERY_LENGTH

# The most items a listing returns at once: Wagtail's own setting, for every endpoint.
LIMIT_MAX = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
# A page id in the path or a query: 1 up to the largest 32-bit integer (a page's key).
MAX_ID = 2**31 - 1
# The deepest offset a client may ask for: far beyond any real listing, well inside every
# database's integer range.
MAX_OFFSET = 100_000
SLUG_PATTERN = r"^[-\w]+$"

PageId = Annotated[int, Field(ge=1, le=MAX_ID, description="The page's id.")]
# The page types that are articles, and the tutorials' levels, from where they are declared
# (``blog.kinds``, ``TutorialPage.Difficulty``); read once, when the API's URLs load.
ArticleType = Literal[tuple(model.kind.key for model in kinds.article_models())]
Difficulty = Literal[tuple(TutorialPage.Difficulty.values)]


def problem_responses(descriptions):
    """OpenAPI for the answers that are not a success: RFC 7807 problem details, whose
    ``detail`` (and ``errors``, for a malformed parameter) says what went wrong."""
    content = {"application/problem+json": {"schema": ProblemDetail.model_json_schema()}}
    return {
        "responses": {
            status: {"description": text, "content": content}
            for status, text in descriptions.items()
        }
    }


LIST_ERRORS = problem_responses(
    {
        400: "An unknown tag, author or series, or a NUL character in a parameter.",
        422: "A malformed parameter.",
    }
)
DETAIL_ERRORS = problem_responses(
    {
        400: "A NUL character in a parameter.",
        404: "Nothing readers may see has this id: unknown, a draft, unpublished, expired "
        "or private.",
        422: "A malformed id.",
    }
)


# Query parameters


class Paging(Schema):
    limit: int = Field(20, ge=1, le=LIMIT_MAX, description="How many items, at most.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class SearchFilter(Schema):
    search: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Full-text search for these words (quotes and operators only separate "
        "words); results come best match first.",
    )


class ArticleFilters(SearchFilter):
    tag: str | None = Field(None, max_length=100, pattern=SLUG_PATTERN, description="A tag's slug.")
    author: str | None = Field(
        None, max_length=255, pattern=SLUG_PATTERN, description="An author's slug."
    )


class MixedArticleFilters(ArticleFilters):
    type: ArticleType | None = Field(None, description="Only stories or only tutorials.")


class StoryFilters(ArticleFilters):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="Where the journey happened: ISO 3166 code."
    )


class TutorialFilters(ArticleFilters):
    difficulty: Difficulty | None = None
    series: str | None = Field(
        None, max_length=120, pattern=SLUG_PATTERN, description="A tutorial series' slug."
    )


# Answers


class Rendition(Schema):
    url: str = Field(description="Absolute URL of the resized image.")
    width: int
    height: int


class Image(Schema):
    alt: str = Field(description="The image's description: its alt text. May be empty.")
    renditions: dict[str, Rendition] = Field(
        description="Resized versions by Wagtail filter spec, e.g. `fill-640x360`."
    )


class Tag(Schema):
    name: str
    slug: str


class Byline(Schema):
    name: str
    id: int | None = Field(description="Null when the author's profile is not published.")
    slug: str | None
    url: str | None = Field(description="The profile page; null when not published.")


class TocEntry(Schema):
    id: str
    name: str
    level: int
    children: list[TocEntry]


class Country(Schema):
    code: str
    name: str


class Milestone(Schema):
    year: int
    text: str


class SeriesPart(Schema):
    title: str
    slug: str
    position: int | None


class ArticleBase(Schema):
    id: int
    type: ArticleType
    title: str
    slug: str
    url: str = Field(description="The page readers visit.")
    detail_url: str = Field(description="This item in the API, with every field.")
    summary: str
    reading_minutes: int
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    original_published_at: datetime.date | None = Field(
        description="When the piece was first published elsewhere, if it was."
    )
    display_date: datetime.date | None = Field(description="The date readers see.")
    canonical_url: str | None = Field(description="Where it was first published, if anywhere.")
    tags: list[Tag]
    authors: list[Byline]
    cover: Image | None


class Article(ArticleBase):
    """A story or a tutorial in a mixed listing."""


class StoryFields(Schema):
    type: Literal["story"]
    starting_point: str
    country: Country | None
    city: str
    journey_started_year: int | None


class TutorialFields(Schema):
    type: Literal["tutorial"]
    difficulty: Difficulty
    estimated_minutes: int
    prerequisites: list[str]
    series: SeriesPart | None


class Body(Schema):
    body_html: str = Field(description="The body as sanitised HTML.")
    toc: list[TocEntry]


class Story(StoryFields, ArticleBase):
    pass


class StoryDetail(Body, Story):
    milestones: list[Milestone]


class Tutorial(TutorialFields, ArticleBase):
    pass


class TutorialDetail(Body, Tutorial):
    pass


class AuthorLink(Schema):
    kind: str
    url: str


class Author(Schema):
    id: int
    name: str
    slug: str
    url: str
    detail_url: str
    location: str
    bio_html: str = Field(description="The bio as sanitised HTML.")
    avatar: Image | None
    links: list[AuthorLink]


class ArticleList(Schema):
    count: int = Field(description="How many items match, on every page.")
    items: list[Article]


class StoryList(Schema):
    count: int
    items: list[Story]


class TutorialList(Schema):
    count: int
    items: list[Tutorial]


class AuthorList(Schema):
    count: int
    items: list[Author]
