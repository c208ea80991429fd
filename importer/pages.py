"""A story onto a page: the page a file was imported as before, the fields the file sets,
what the page type still needs when the file leaves it out (a starting point, a duration),
whether anything changed, and the page's state in words.
"""

import math

from django.db.models import Q
from django.utils import timezone

from blog.models import ArticleAuthor, ArticlePage, JourneyMilestone
from blog.rendering import WORDS_PER_MINUTE

from .kinds import STORY, TUTORIAL, TYPE_FIELDS
from .problems import ImportProblem
from .values import country_code

STARTING_POINT_UNKNOWN = "Not stated"
COMMON_FIELDS = ["title", "summary", "body", "original_published_at", "canonical_url"]


def find_existing(story, model, *, user):
    """The page this file was imported as before: same canonical URL, else same title
    (among pages without a canonical URL when the file has one). Only pages the user
    may edit count, so an upload never reveals or touches someone else's draft."""
    pages = ArticlePage.objects.order_by("path")
    same_title = Q(title__iexact=story.title) | Q(draft_title__iexact=story.title)
    if story.canonical_url:
        candidates = list(pages.filter(canonical_url=story.canonical_url))
        candidates = candidates or list(pages.filter(same_title, canonical_url=""))
    else:
        candidates = list(pages.filter(same_title))
    for page in candidates:
        page = page.specific
        if user is None or page.permissions_for_user(user).can_edit():
            if not isinstance(page, model):
                raise ImportProblem(
                    f"“{story.title}” was imported before as a "
                    f"{page.specific_class._meta.verbose_name}; this file is a "
                    f"{model._meta.verbose_name}",
                    line=story.line_of("type"),
                )
            return page
    return None


def apply_story(page, story, *, authors, cover, series, position):
    """Set the page's fields from the file (a cover, once set, stays when the file has none)."""
    page.title = story.title
    page.summary = story.summary
    page.body = story.body
    page.original_published_at = story.original_published_at
    page.canonical_url = story.canonical_url
    if cover is not None:
        page.cover_image = cover
    page.article_authors = [
        ArticleAuthor(author_id=author_id, sort_order=position)
        for position, author_id in enumerate(authors)
    ]
    page.tags.set(story.tags)
    if story.kind == STORY:
        page.starting_point = story.starting_point or page.starting_point or ""
        page.country = country_code(story.country) if story.country else page.country
        page.city = story.city
        page.journey_started_year = story.journey_started_year
        if story.milestones or not page.pk:
            page.milestones = [
                JourneyMilestone(year=year, text=text, sort_order=i)
                for i, (year, text) in enumerate(story.milestones)
            ]
    elif story.kind == TUTORIAL:
        page.difficulty = story.difficulty
        page.estimated_minutes = story.estimated_minutes or page.estimated_minutes
        page.prerequisites = story.prerequisites
        page.series = series
        page.series_position = position if series else None
    else:
        for attname, value in story.own_fields.items():
            setattr(page, attname, value)


def fill_in(page, story, *, publish, notes):
    """What the page type needs and the file did not give: a note for an unknown country,
    a placeholder starting point on a page to publish, a duration from the text's length."""
    if story.kind == STORY and story.country and not country_code(story.country):
        notes.append(f"country “{story.country}” is not one we know: left empty")
    if story.kind == STORY and not page.starting_point:
        if publish:
            page.starting_point = STARTING_POINT_UNKNOWN
            notes.append(f"no starting point: set to “{STARTING_POINT_UNKNOWN}”, edit it")
        else:
            notes.append("no starting point: fill it in before publishing")
    if story.kind == TUTORIAL and not page.estimated_minutes:
        page.estimated_minutes = max(1, math.ceil(len(story.body.split()) / WORDS_PER_MINUTE))
        notes.append(f"no duration: estimated {page.estimated_minutes} min from the text")


def snapshot(page, kind):
    """What an import sets on a page, to tell an identical file from a changed one."""
    values = {name: getattr(page, name) for name in COMMON_FIELDS + TYPE_FIELDS[kind]}
    values["cover_image_id"] = page.cover_image_id
    if kind == STORY:
        values["country"] = getattr(page.country, "code", page.country) or ""
        values["milestones"] = [(m.year, m.text) for m in page.milestones.all()]
    values["tags"] = sorted(tag.name.casefold() for tag in page.tags.all())
    values["authors"] = [byline.author_id for byline in page.article_authors.all()]
    return values


def needs_publishing(page):
    """A page not live, or with changes not live, and not already scheduled."""
    return (not page.live or page.has_unpublished_changes) and page.scheduled_revision is None


def deferred_fields(page, publish):
    """Required fields a draft may leave empty, as Wagtail's own "Save draft" allows."""
    if publish:
        return []
    return [name for name in ("starting_point",) if hasattr(page, name) and not getattr(page, name)]


def page_state(page):
    if page.live and not page.has_unpublished_changes:
        return "published"
    if page.live:
        return "published, with draft changes"
    scheduled = page.scheduled_revision
    if scheduled is not None:
        when = timezone.localtime(scheduled.approved_go_live_at)
        return f"scheduled for {when:%Y-%m-%d %H:%M}"
    return "draft"
