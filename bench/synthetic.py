"""Synthetic journey stories for the search benchmark, created in bulk.

``fill`` adds journey stories under the story index until there are ``count`` of them, in
batches: page rows with treebeard paths computed here (``Page`` rows through
``bulk_create``, the ``ArticlePage`` and ``JourneyStoryPage`` rows through the same insert
``bulk_create`` uses, which Django refuses for multi-table models), bylines and tags in
bulk, then the search index entries through the search backend's own ``add_items``, so the
index holds exactly what publishing would have put there. Every benchmark page's slug starts
with ``SLUG_PREFIX``: that is how the command tells its own pages from real content.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from blog.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorIndexPage,
    AuthorPage,
    JourneyStoryPage,
    StoryIndexPage,
)
from home.models import HomePage

SLUG_PREFIX = "bench-"
BATCH_SIZE = 2000
AUTHORS = 40
SEED = 2026

# Words that readers search for, mixed into otherwise generated text so each matches a share
# of the stories, as real words do.
TOPICS = [
    "django",
    "postgresql",
    "permissions",
    "cashier",
    "testing",
    "deployment",
    "python",
    "queries",
    "index",
    "migrations",
    "docker",
    "kubernetes",
    "interview",
    "bootcamp",
    "mentor",
    "redis",
    "celery",
    "api",
    "security",
    "logging",
    "frontend",
    "career",
    "teacher",
    "nurse",
    "warehouse",
    "accountant",
    "linux",
    "networking",
    "caching",
    "sql",
]
TAGS = [
    "django",
    "postgresql",
    "career-change",
    "testing",
    "deployment",
    "python",
    "apis",
    "databases",
    "interviews",
    "mentoring",
    "security",
    "performance",
    "devops",
    "first-job",
    "self-taught",
    "bootcamp",
    "open-source",
    "remote-work",
    "linux",
    "career",
]
STARTS = [
    "retail cashier",
    "frontend developer",
    "teacher",
    "nurse",
    "warehouse worker",
    "accountant",
    "graduate",
    "designer",
    "barista",
    "support agent",
]
COUNTRIES = ["KE", "NG", "IN", "BR", "DE", "US", "GB", "PH", "EG", "PL", "MX", "ID"]
SYLLABLES = ["ka", "ri", "mo", "tel", "san", "du", "ver", "lo", "pen", "ax", "qui", "zo", "mar"]


def _vocabulary(rng, size=3000):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _text(rng, vocabulary, count, topic_share=0.08):
    return " ".join(
        rng.choice(TOPICS) if rng.random() < topic_share else rng.choice(vocabulary)
        for _ in range(count)
    )


def existing_stories():
    return JourneyStoryPage.objects.filter(slug__startswith=SLUG_PREFIX)


def real_content():
    """Stories, tutorials and authors this command did not make."""
    return ArticlePage.objects.exclude(slug__startswith=SLUG_PREFIX).count() + (
        AuthorPage.objects.exclude(slug__startswith=SLUG_PREFIX).count()
    )


def _index_page(model, title, slug):
    index = model.objects.first()
    if index is None:
        index = HomePage.objects.first() or Page.objects.get(depth=1)
        index = index.add_child(instance=model(title=title, slug=slug))
        index.save_revision().publish()
    return index


def _authors():
    index = _index_page(AuthorIndexPage, "Authors", "authors")
    authors = list(AuthorPage.objects.filter(slug__startswith=SLUG_PREFIX))
    for n in range(len(authors), AUTHORS):
        page = index.add_child(
            instance=AuthorPage(title=f"Bench Author {n}", slug=f"{SLUG_PREFIX}author-{n}")
        )
        page.save_revision().publish()
        authors.append(page)
    return authors


def _tags():
    return [Tag.objects.get_or_create(slug=slug, defaults={"name": slug})[0] for slug in TAGS]


def fill(count, *, log=lambda message: None):
    """Add benchmark stories until there are ``count``; return how many were added."""
    missing = count - existing_stories().count()
    if missing <= 0:
        return 0
    rng = random.Random(SEED + existing_stories().count())  # noqa: S311 (made-up text)
    vocabulary = _vocabulary(rng)
    with transaction.atomic():
        index = _index_page(StoryIndexPage, "Journeys", "journeys")
        authors, tags = _authors(), _tags()
    added = 0
    while added < missing:
        size = min(BATCH_SIZE, missing - added)
        with transaction.atomic():
            _add_batch(index, size, authors, tags, rng, vocabulary)
        added += size
        log(f"{existing_stories().count()} benchmark stories")
    return added


def _add_batch(index, size, authors, tags, rng, vocabulary):
    index = Page.objects.select_for_update().get(pk=index.pk)
    content_type = ContentType.objects.get_for_model(JourneyStoryPage)
    locale_id = index.locale_id or Locale.get_default().pk
    now = timezone.now()
    first = index.numchild
    pages, details = [], []
    for offset in range(size):
        n = first + offset + 1
        slug = f"{SLUG_PREFIX}story-{n}"
        title = " ".join(
            [*(rng.choice(vocabulary) for _ in range(3)), *rng.sample(TOPICS, 2)]
        ).capitalize()
        published = now - datetime.timedelta(days=rng.randint(0, 6 * 365), minutes=n)
        pages.append(
            Page(
                title=title, draft_title=title, slug=slug, content_type=content_type,
                path=index._get_path(index.path, index.depth + 1, n), depth=index.depth + 1,
                numchild=0, url_path=f"{index.url_path}{slug}/", live=True,
                has_unpublished_changes=False, first_published_at=published,
                last_published_at=published, live_revision=None, locale_id=locale_id,
                translation_key=uuid.uuid4(),
            )
        )  # fmt: skip
        body = "\n\n".join(_text(rng, vocabulary, rng.randint(40, 90)) for _ in range(3))
        details.append(
            {
                "summary": _text(rng, vocabulary, 20)[:290],
                "body": body,
                "body_html": "".join(f"<p>{part}</p>" for part in body.split("\n\n")),
                "body_text": " ".join(body.split()),
                "reading_minutes": 1,
                "starting_point": rng.choice(STARTS),
                "country": rng.choice(COUNTRIES),
                "journey_started_year": rng.randint(2005, 2025),
            }
        )
    pages = Page.objects.bulk_create(pages)
    stories = []
    for page, fields in zip(pages, details, strict=True):
        story = JourneyStoryPage(**fields)
        story.id = story.page_ptr_id = story.articlepage_ptr_id = page.pk
        stories.append(story)
    for model in (ArticlePage, JourneyStoryPage):
        model.objects._insert(stories, fields=list(model._meta.local_concrete_fields))
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(page_id=page.pk, author=rng.choice(authors), sort_order=0) for page in pages
    )
    ArticleTag.objects.bulk_create(
        ArticleTag(content_object_id=page.pk, tag=tag)
        for page in pages
        for tag in rng.sample(tags, rng.randint(1, 3))
    )
    Page.objects.filter(pk=index.pk).update(numchild=first + size)
    _index([page.pk for page in pages])


def _index(ids):
    """Index the new stories with the backend's own code, as publishing would."""
    backend = get_search_backend()
    stories = list(
        JourneyStoryPage.objects.filter(pk__in=ids).prefetch_related(
            "tags", "article_authors__author"
        )
    )
    backend.get_index_for_model(JourneyStoryPage).add_items(JourneyStoryPage, stories)


def analyze():
    """Fresh planner statistics and visibility maps (index-only scans need them), as
    autovacuum would give a while after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (a test's): there, statistics only.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
