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
