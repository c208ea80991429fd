"""A small publication with everything readers may see and everything they may not, the
people who write for it, and their API tokens."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Page, PageViewRestriction, Revision, Site

from blog.models import (
    ArticleAuthor,
    ArticleTag,
    JourneyMilestone,
    StoryIndexPage,
    TutorialSeries,
)
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

API = "/api/v3"


def hidden_story(kind, **fields):
    """A story readers must never see, for each way a page can be out of their sight."""
    title = f"Hidden {kind} story"
    if kind == "draft":
        return f.story(title=title, live=False, **fields)
    page = f.story(title=title, **fields)
    if kind == "unpublished":
        page.unpublish()
    elif kind == "expired":
        # Past its expiry time, still live: publish_scheduled has not run yet.
        page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        page.save()
    elif kind == "private":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif kind == "off_site":
        elsewhere = Page.get_first_root_node().add_child(
            instance=Page(title="Another site's root", slug="elsewhere")
        )
        index = elsewhere.add_child(instance=StoryIndexPage(title="Elsewhere", slug="journeys-2"))
        f.publish(index)
        page.move(index, pos="last-child")
    return type(page).objects.get(pk=page.pk)


HIDDEN_KINDS = ["draft", "unpublished", "expired", "private", "off_site"]


@pytest.fixture(scope="module")
def world_built(django_db_setup, django_db_blocker, tmp_path_factory):
    with f.kept_for_the_module(django_db_blocker, tmp_path_factory):
        yield _world()


@pytest.fixture
def world(world_built, db):
    """The publication, built once per module; each test gets the objects fetched again, so
    what one test changes (in the database or in memory) no other sees."""
    return SimpleNamespace(**_fetched_again(vars(world_built)))


def _fetched_again(value):
    if isinstance(value, dict):
        return {key: _fetched_again(item) for key, item in value.items()}
    return type(value).objects.get(pk=value.pk)


def _world():
    ann = f.author(
        name="Ann Wanjiru", slug="ann", avatar=f.image(), bio="Ex-cashier, now *Django*.",
        location="Nairobi",
    )  # fmt: skip
    ben = f.author(name="Ben Okoro", slug="ben")
    dee = f.author(name="Dee Draft", slug="dee", live=False)
    series = f.series(title="Django from zero", slug="django-from-zero")
    world = SimpleNamespace(
        ann=ann,
        ben=ben,
        dee=dee,
        series=series,
        story=f.story(
            title="From the till to Django",
            slug="till-to-django",
            authors=[ann, dee],
            tags=["django", "Career Change"],
            cover_image=f.image(size=(1600, 900)),
            country="KE",
            city="Nairobi",
            journey_started_year=2019,
            milestones=[(2019, "Wrote my first loop"), (2021, "First backend job")],
            body="## First steps\n\nA *loop*.\n\n### At night\n\nMore.",
        ),
        other_story=f.story(
            title="Frontend to backend",
            slug="frontend-to-backend",
            authors=[ben],
            tags=["frontend"],
            country="NG",
            starting_point="frontend developer",
        ),
        tutorial=f.tutorial(
            title="Your first Django model",
            slug="first-model",
            authors=[ann, ben],
            tags=["django"],
            difficulty="beginner",
            series=series,
            series_position=1,
            prerequisites="Python basics\n- A terminal",
            estimated_minutes=45,
        ),
        other_tutorial=f.tutorial(
            title="Advanced querysets",
            slug="advanced-querysets",
            authors=[ben],
            tags=["django", "orm"],
            difficulty="advanced",
        ),
    )
    world.hidden = {
        kind: hidden_story(kind, authors=[ann], tags=["django"]) for kind in HIDDEN_KINDS
    }
    world.hidden["draft_tutorial"] = f.tutorial(
        title="Hidden draft tutorial", authors=[ann], tags=["django"], live=False
    )
    return world


def make_user(role):
    User = get_user_model()
    user = User.objects.create_user(role, f"{role}@example.com", "a-long-password-1")
    user.groups.add(Group.objects.get(name=EDITORS if role == "editor" else CONTRIBUTORS))
    return user


@pytest.fixture
def people():
    people = {role: make_user(role) for role in ("contributor", "other_contributor", "editor")}
    return SimpleNamespace(
        **people,
        tokens={
            role: APIToken.create_token(user=user, name=f"{role}'s token")[1]
            for role, user in people.items()
        },
    )


class Api:
    """The Django test client speaking JSON to the API, with or without a bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method, path, body=None):
        data = json.dumps(body) if body is not None else None
        return self.client.generic(
            method.upper(), API + path, data=data or "", content_type="application/json",
            headers=self.headers,
        )  # fmt: skip

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, body)

    def patch(self, path, body=None):
        return self.request("PATCH", path, body)

    def delete(self, path):
        return self.request("DELETE", path)


def body(response):
    """The JSON of an answer, success (application/json) or problem (application/problem+json)."""
    return json.loads(response.content)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def api_as(client, people):
    return lambda role: Api(client, people.tokens[role])


PAGE_STATE = [
    "pk", "title", "draft_title", "live", "path", "has_unpublished_changes",
    "latest_revision_id", "owner_id", "expire_at",
]  # fmt: skip


def snapshot():
    """Everything a write through the API could change: pages and their revisions, bylines,
    tags and timelines, images, documents, sites, redirects and snippets."""
    return {
        "pages": list(Page.objects.order_by("pk").values_list(*PAGE_STATE)),
        "revisions": Revision.objects.count(),
        "bylines": list(ArticleAuthor.objects.order_by("pk").values_list("page", "author")),
        "tags": list(ArticleTag.objects.order_by("pk").values_list("content_object", "tag")),
        "milestones": list(JourneyMilestone.objects.order_by("pk").values_list("page", "text")),
        "images": list(get_image_model().objects.order_by("pk").values_list("pk", "title")),
        "documents": list(get_document_model().objects.order_by("pk").values_list("pk", "title")),
        "restrictions": PageViewRestriction.objects.count(),
        "sites": list(Site.objects.order_by("pk").values_list("pk", "hostname", "root_page")),
        "redirects": list(Redirect.objects.order_by("pk").values_list("pk", "old_path")),
        "series": list(TutorialSeries.objects.order_by("pk").values_list("pk", "title", "slug")),
    }
