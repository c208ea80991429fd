"""load_demo_content: a full demo site in one command, idempotent, storage-agnostic."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import AuthorPage, JourneyStoryPage, TutorialPage

pytestmark = pytest.mark.django_db


def load(**options):
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def snapshot(media_root):
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "tags": Tag.objects.count(),
        "files": sorted(p.name for p in Path(media_root).rglob("*") if p.is_file()),
        "latest_revisions": list(Page.objects.order_by("pk").values_list("latest_revision_id")),
    }


def test_demo_fills_the_site(client, settings):
    settings.DEBUG = False
    load()
    stories = JourneyStoryPage.objects.visible()
    tutorials = TutorialPage.objects.visible()
    assert stories.count() >= 6
    assert JourneyStoryPage.objects.filter(live=False).exists()  # a draft, for the editors
    assert tutorials.count() >= 4
    assert tutorials.exclude(series=None).values("series").distinct().count() >= 2
    authors = AuthorPage.objects.visible()
    assert authors.count() >= 5
    assert not authors.filter(avatar=None).exists()
    assert not stories.filter(cover_image=None).exists()
    assert Tag.objects.count() >= 5
    for page in [*stories, *tutorials, *authors, *Page.objects.live().filter(depth__in=[2, 3])]:
        assert client.get(page.url).status_code == 200, page.url
    draft = JourneyStoryPage.objects.get(live=False)
    assert draft.title not in client.get("/journeys/").content.decode()


def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    load()
    before = snapshot(settings.MEDIA_ROOT)
    output = load()
    assert snapshot(settings.MEDIA_ROOT) == before
    assert "Created 0 item(s)" in output


def test_demo_accounts_exist_only_while_debug_is_on(settings):
    settings.DEBUG = False
    output = load()
    assert not get_user_model().objects.filter(username__in=["admin", "editor", "contributor"])
    assert "Demo logins" not in output

    settings.DEBUG = True
    output = load()
    users = get_user_model().objects.filter(username__in=["admin", "editor", "contributor"])
    assert users.count() == 3
    assert users.get(username="admin").is_superuser
    assert "Demo logins for /admin/" in output


def test_dry_run_writes_nothing(settings):
    settings.DEBUG = True
    before = snapshot(settings.MEDIA_ROOT)
    output = load(dry_run=True)
    assert "Would create" in output
    assert snapshot(settings.MEDIA_ROOT) == before
