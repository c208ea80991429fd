"""The editor a writer gets, without a browser: Wagtail's technical fields (slug, SEO title
and description, "Show in menus") are an editor's only; the title says its limit; a slug
made from a long title is cut between words; the help page is ours; an import may not show
another writer's picture by its id."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from blog.models import JourneyStoryPage
from blog.slugs import SLUG_MAX, short_slug
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

from .admin_forms import form_fields

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "How I went from counting crates at a market stall every Saturday morning to writing "
    "database migrations for a payments company in Nairobi"
)
TECHNICAL = ['name="slug"', 'name="seo_title"', 'name="search_description"', 'name="show_in_menus"']


def signed_in(name, group):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345678")
    user.groups.add(Group.objects.get(name=group))
    f.author(name=name.title(), user=user)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def index():
    f.author_index()
    return f.story_index()


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["blog", "journeystorypage", index.pk])


def test_a_contributor_does_not_see_wagtails_technical_fields(index):
    _, client = signed_in("ann", CONTRIBUTORS)
    html = client.get(add_url(index)).content.decode()
    for field in TECHNICAL:
        assert field not in html, field
    assert "Up to 255 characters." in html
    assert 'maxlength="255"' in html


def test_an_editor_still_sees_them(index):
    _, client = signed_in("eve", EDITORS)
    html = client.get(add_url(index)).content.decode()
    for field in TECHNICAL:
        assert field in html, field


def test_a_contributors_long_title_gets_a_short_slug_cut_between_words(index):
    ann, client = signed_in("ann", CONTRIBUTORS)
    data = form_fields(client.get(add_url(index)).content.decode(), "form#page-edit-form")
    data.update(
        title=LONG_TITLE,
        summary="Two years of Saturdays.",
        body="## The stall\n\nCrates.",
        starting_point="market trader",
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = JourneyStoryPage.objects.get(owner=ann)
    assert page.title == LONG_TITLE  # the title is never cut
    assert page.slug == "how-i-went-from-counting-crates-at-a-market-stall-every"
    assert len(page.slug) <= SLUG_MAX


def test_an_editors_slug_filled_in_from_a_long_title_is_shortened_too(index):
    eve, client = signed_in("eve", EDITORS)
    data = form_fields(client.get(add_url(index)).content.decode(), "form#page-edit-form")
    data.update(
        title=LONG_TITLE,
        slug=short_slug(LONG_TITLE, max_length=255),  # what the admin's script fills in
        summary="Two years of Saturdays.",
        body="Crates.",
        starting_point="market trader",
    )
    assert client.post(add_url(index), data).status_code == 302
    assert JourneyStoryPage.objects.get(owner=eve).slug == short_slug(LONG_TITLE)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Short title", "short-title"),
        ("a" * 80, "a" * SLUG_MAX),
        (LONG_TITLE, "how-i-went-from-counting-crates-at-a-market-stall-every"),
    ],
)
def test_short_slug(text, slug):
    assert short_slug(text) == slug


def test_the_markdown_help_is_our_own_admin_page(index):
    _, client = signed_in("ann", CONTRIBUTORS)
    response = client.get(reverse("markdown_help"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Writing in Markdown" in html
    assert "![A market stall at dawn, crates stacked high](image:42)" in html
    assert "markdownguide.org" not in html
    editor = client.get(add_url(index)).content.decode()
    assert f'data-help-url="{reverse("markdown_help")}"' in editor
    assert f'data-upload-url="{reverse("markdown_image_upload")}"' in editor
    assert Client().get(reverse("markdown_help")).status_code == 302  # signed in only


def test_an_import_may_not_show_another_writers_picture(index):
    ann, client = signed_in("ann", CONTRIBUTORS)
    ben, _ = signed_in("ben", CONTRIBUTORS)
    theirs = f.image()
    theirs.uploaded_by_user = ben
    theirs.save()
    text = f"---\ntitle: Borrowed\nsummary: One.\n---\n\n![theirs](image:{theirs.pk})\n"
    upload = SimpleUploadedFile("borrowed.md", text.encode(), content_type="text/markdown")
    response = client.post(reverse("importer_upload"), {"files": [upload]})
    assert response.status_code == 200
    assert "a picture you cannot use" in response.content.decode()
    assert not JourneyStoryPage.objects.filter(title="Borrowed").exists()

    mine = f.image()
    mine.uploaded_by_user = ann
    mine.save()
    text = f"---\ntitle: Mine\nsummary: One.\n---\n\n![mine](image:{mine.pk})\n"
    upload = SimpleUploadedFile("mine.md", text.encode(), content_type="text/markdown")
    assert client.post(reverse("importer_upload"), {"files": [upload]}).status_code == 200
    page = JourneyStoryPage.objects.get(title="Mine")
    assert "<picture>" in page.get_latest_revision_as_object().body_html
