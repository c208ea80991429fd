"""Builders for test content: small keyword-only functions that make real pages through
Wagtail's own tree and revision calls, the way editors and the importer do; and
``kept_for_the_module``, for content a whole test module reads."""

import contextlib
import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.models import (
    ArticleAuthor,
    AuthorIndexPage,
    AuthorPage,
    JourneyMilestone,
    JourneyStoryPage,
    StoryIndexPage,
    TutorialIndexPage,
    TutorialPage,
    TutorialSeries,
)
from blog.services import page_backdate
from home.models import HomePage

_counter = itertools.count(1)


@contextlib.contextmanager
def kept_for_the_module(django_db_blocker, tmp_path_factory):
    """For a module-scoped fixture that builds content its module's tests only read: what is
    written inside stays for each test, whose own transaction nests in this one (as a
    savepoint, so what a test writes is undone after it), and is rolled back after the
    module's last test. Building once what dozens of tests read saves seconds per test.
    Not for modules with transactional (browser) tests, and a test must not change the
    objects the fixture returns in memory."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.getbasetemp() / "media")
    with django_db_blocker.unblock(), media, transaction.atomic():
        yield
        transaction.set_rollback(True)


def home_page():
    return HomePage.objects.get()


def publish(page, *, when=None):
    page.save_revision().publish()
    if when is not None:
        page_backdate(page, first_published_at=when)
        page.refresh_from_db()
    return page


def story_index():
    index = StoryIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=StoryIndexPage(title="Journeys", slug="journeys", show_in_menus=True)
        )
        publish(index)
    return index


def tutorial_index():
    index = TutorialIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=TutorialIndexPage(title="Tutorials", slug="tutorials", show_in_menus=True)
        )
        publish(index)
    return index


def author_index():
    index = AuthorIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=AuthorIndexPage(title="Authors", slug="authors", show_in_menus=True)
        )
        publish(index)
    return index


def image(*, title=None, size=(640, 360), colour=(40, 120, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    n = next(_counter)
    return get_image_model().objects.create(
        title=title or f"Test image {n}",
        file=ImageFile(buffer, name=f"test-{n}.png"),
    )


def author(*, name=None, live=True, bio="", user=None, avatar=None, **fields):
    n = next(_counter)
    name = name or f"Author {n}"
    page = AuthorPage(
        title=name, slug=fields.pop("slug", f"author-{n}"), bio=bio, user=user, avatar=avatar,
        live=live, **fields,
    )  # fmt: skip
    author_index().add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return page


def _article(model, parent, *, title, authors, tags, live, published, milestones=(), **fields):
    n = next(_counter)
    page = model(
        title=title or f"{model.kind.label} {n}",
        slug=fields.pop("slug", f"{model.kind.key}-{n}"),
        summary=fields.pop("summary", f"Summary of piece {n}."),
        body=fields.pop("body", f"## Section {n}\n\nBody text of piece {n}."),
        live=live,
        **fields,
    )
    for position, person in enumerate(authors or [author()]):
        page.article_authors.add(ArticleAuthor(author=person, sort_order=position))
    for position, (year, text) in enumerate(milestones):
        page.milestones.add(JourneyMilestone(year=year, text=text, sort_order=position))
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    if live:
        when = published or timezone.now() - datetime.timedelta(minutes=n)
        publish(page, when=when)
    else:
        page.save_revision()
    return page


def story(*, title=None, authors=None, tags=(), live=True, published=None, **fields):
    fields.setdefault("starting_point", "retail cashier")
    return _article(
        JourneyStoryPage, story_index(), title=title, authors=authors, tags=tags, live=live,
        published=published, **fields,
    )  # fmt: skip


def series(*, title="Test series", slug=None):
    return TutorialSeries.objects.create(title=title, slug=slug or f"series-{next(_counter)}")


def tutorial(*, title=None, authors=None, tags=(), live=True, published=None, **fields):
    fields.setdefault("estimated_minutes", 30)
    return _article(
        TutorialPage, tutorial_index(), title=title, authors=authors, tags=tags, live=live,
        published=published, **fields,
    )  # fmt: skip
