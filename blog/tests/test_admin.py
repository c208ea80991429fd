"""Editors and writers create pages through the real admin forms."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from blog.models import JourneyStoryPage, TutorialPage

from . import factories as f


class TestEditorsCreatePages(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.author = f.author(name="Amina")

    def test_create_a_journey_story_with_milestones(self):
        self.assertCanCreate(
            f.story_index(),
            JourneyStoryPage,
            nested_form_data(
                {
                    "title": "From the till to Django",
                    "slug": "from-the-till",
                    "summary": "How a cashier learned Django.",
                    "body": "## Start\n\nText.",
                    "starting_point": "retail cashier",
                    "country": "KE",
                    "city": "Nairobi",
                    "journey_started_year": 2019,
                    "article_authors": inline_formset([{"author": self.author.pk}]),
                    "milestones": inline_formset([{"year": 2019, "text": "First loop"}]),
                    "tags": "django, career-change",
                }
            ),
        )
        page = JourneyStoryPage.objects.get(slug="from-the-till")
        assert '<h2 id="start">Start</h2>' in page.body_html
        assert [m.text for m in page.milestones.all()] == ["First loop"]

    def test_create_a_tutorial_in_a_series(self):
        series = f.series(title="Postgres")
        self.assertCanCreate(
            f.tutorial_index(),
            TutorialPage,
            nested_form_data(
                {
                    "title": "Indexes",
                    "slug": "indexes",
                    "summary": "Make a slow query fast.",
                    "body": "## EXPLAIN\n\n```sql\nselect 1;\n```",
                    "difficulty": "intermediate",
                    "estimated_minutes": 45,
                    "series": series.pk,
                    "series_position": 1,
                    "article_authors": inline_formset([{"author": self.author.pk}]),
                    "tags": "postgresql",
                }
            ),
        )

    def test_a_story_needs_an_author(self):
        self.assertCanNotCreateAt(f.story_index().__class__, TutorialPage)
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:add", args=["blog", "journeystorypage", f.story_index().pk]
            ),
            nested_form_data(
                {
                    "title": "Nobody wrote this",
                    "slug": "nobody",
                    "summary": "x",
                    "body": "x",
                    "starting_point": "x",
                    "article_authors": inline_formset([]),
                    "milestones": inline_formset([]),
                }
            ),
        )
        assert response.status_code == 200
        assert b"Add at least one author to the byline." in response.content
        assert not JourneyStoryPage.objects.filter(slug="nobody").exists()


@pytest.mark.django_db
def test_a_new_story_starts_with_the_writers_own_byline(client):
    writer = get_user_model().objects.create_user("writer", "w@example.com", "pw")
    writer.groups.add(Group.objects.get(name="Contributors"))
    profile = f.author(name="Writer Profile", user=writer, owner=writer, live=False)
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:add", args=["blog", "journeystorypage", f.story_index().pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    chosen = page.select_one('input[name="article_authors-0-author"]')
    assert chosen is not None and chosen["value"] == str(profile.pk)


NESTED_BRACKETS = "[" * 50_000 + "x" + "]" * 50_000


@pytest.fixture
def writer_with_draft(client, settings):
    settings.MARKDOWN_RENDER_SECONDS = 0.5  # the real limit, shorter, for a faster test
    writer = get_user_model().objects.create_user("writer", "w@example.com", "pw")
    writer.groups.add(Group.objects.get(name="Contributors"))
    profile = f.author(name="Writer", user=writer)
    draft = f.story(title="My draft", authors=[profile], live=False, owner=writer)
    client.force_login(writer)
    return client, draft


def _edit_data(client, page, **changes):
    from editorial.tests.admin_forms import form_fields

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_fields(client.get(url).content.decode(), "form#page-edit-form")
    data.update(changes)
    return data


@pytest.mark.django_db
def test_saving_a_body_that_cannot_be_formatted_shows_why_and_keeps_the_draft(
    writer_with_draft,
):
    client, draft = writer_with_draft
    revisions = draft.revisions.count()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        _edit_data(client, draft, body=NESTED_BRACKETS),
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text()
    assert "This text could not be formatted: it takes longer than 0.5 seconds." in errors
    assert "Line 1 has 50,000 “[” in a row" in errors
    assert draft.revisions.count() == revisions
    assert JourneyStoryPage.objects.get(pk=draft.pk).get_latest_revision_as_object().body != (
        NESTED_BRACKETS
    )


@pytest.mark.django_db
def test_previewing_a_body_that_cannot_be_formatted_is_refused_not_hung(writer_with_draft):
    client, draft = writer_with_draft
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    response = client.post(url, _edit_data(client, draft, body=NESTED_BRACKETS))
    assert response.status_code == 200
    assert response.json()["is_valid"] is False
    assert client.get(url).status_code == 200  # the preview panel shows the last valid state
