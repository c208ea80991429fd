"""The content model: parent and child rules, derived fields, validation."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import (
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    JourneyStoryPage,
    StoryIndexPage,
    TutorialIndexPage,
    TutorialPage,
)
from home.models import HomePage, InfoPage

from . import factories as f

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_where_each_page_type_may_live(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StoryIndexPage, TutorialIndexPage, AuthorIndexPage, InfoPage}
        )
        self.assertAllowedParentPageTypes(InfoPage, {HomePage})
        self.assertAllowedSubpageTypes(InfoPage, set())
        self.assertAllowedSubpageTypes(StoryIndexPage, {JourneyStoryPage})
        self.assertAllowedSubpageTypes(TutorialIndexPage, {TutorialPage})
        self.assertAllowedSubpageTypes(AuthorIndexPage, {AuthorPage})
        self.assertAllowedParentPageTypes(JourneyStoryPage, {StoryIndexPage})
        self.assertAllowedParentPageTypes(TutorialPage, {TutorialIndexPage})
        self.assertAllowedParentPageTypes(AuthorPage, {AuthorIndexPage})
        for leaf in (JourneyStoryPage, TutorialPage, AuthorPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_a_tutorial_cannot_go_under_authors_or_journeys(self):
        self.assertCanNotCreateAt(AuthorIndexPage, TutorialPage)
        self.assertCanNotCreateAt(StoryIndexPage, TutorialPage)
        self.assertCanNotCreateAt(TutorialIndexPage, JourneyStoryPage)
        self.assertCanNotCreateAt(HomePage, JourneyStoryPage)

    def test_the_shared_base_is_never_created_by_itself(self):
        assert ArticlePage.is_creatable is False
        self.assertCanNotCreateAt(StoryIndexPage, ArticlePage)

    def test_indexes_exist_once(self):
        f.story_index()
        assert not StoryIndexPage.can_create_at(f.home_page())


def test_body_is_rendered_when_saved_not_when_read(client):
    story = f.story(body="## Hello\n\n```python\nprint('hi')\n```\n\n" + "word " * 500)
    assert '<h2 id="hello">Hello</h2>' in story.body_html
    assert story.toc[0]["name"] == "Hello"
    assert story.reading_minutes == 3

    with mock.patch("blog.rendering.markdown.Markdown") as markdown_class:
        response = client.get(story.url)
    assert response.status_code == 200
    assert markdown_class.call_count == 0
    assert '<h2 id="hello">Hello</h2>' in response.content.decode()


def test_a_new_revision_renders_the_new_body():
    story = f.story(body="First version")
    story.body = "Second **version**"
    story.save_revision().publish()
    story.refresh_from_db()
    assert "<strong>version</strong>" in story.body_html
    assert "First" not in story.body_html


def test_author_bio_is_rendered_and_sanitised():
    author = f.author(bio="Writes about *Django*. <script>alert(1)</script>")
    assert "<em>Django</em>" in author.bio_html
    assert "script" not in author.bio_html


def test_series_needs_a_position_and_a_position_needs_a_series():
    series = f.series()
    page = f.tutorial()
    page.series = series
    page.series_position = None
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "series_position" in error.value.message_dict
    page.series, page.series_position = None, 2
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "series" in error.value.message_dict


def test_journey_cannot_begin_in_the_future():
    story = f.story()
    story.journey_started_year = 2099
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "journey_started_year" in error.value.message_dict


def test_canonical_url_must_be_http():
    story = f.story()
    story.canonical_url = "javascript:alert(1)"
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "canonical_url" in error.value.message_dict


def test_series_neighbours_skip_drafts():
    series = f.series()
    first = f.tutorial(series=series, series_position=1)
    f.tutorial(series=series, series_position=2, live=False)
    third = f.tutorial(series=series, series_position=3)
    assert first.series_neighbours == (None, third)
    assert third.series_neighbours[0] == first


def test_estimated_time_label():
    page = TutorialPage(estimated_minutes=95)
    assert page.estimated_time_label == "1 h 35 min"
    page.estimated_minutes = 45
    assert page.estimated_time_label == "45 min"
    page.estimated_minutes = 120
    assert page.estimated_time_label == "2 h"
