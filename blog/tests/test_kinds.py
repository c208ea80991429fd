"""The page types readers see, declared once on their models and read from ``blog.kinds``."""

import pytest
from wagtail.models import Page

from blog import kinds
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


def test_every_reader_page_type_is_found_from_its_model():
    assert kinds.models() == [JourneyStoryPage, TutorialPage, AuthorPage]
    assert kinds.article_models() == [JourneyStoryPage, TutorialPage]
    assert kinds.contributor_models() == [JourneyStoryPage, TutorialPage]
    assert [kind.key for kind in kinds.all_kinds()] == ["story", "tutorial", "author"]
    assert kinds.model_for("tutorial") is TutorialPage
    assert kinds.model_for("podcast") is None


def test_each_type_lives_under_the_index_its_model_names():
    assert kinds.index_model(JourneyStoryPage) is StoryIndexPage
    assert kinds.index_model(TutorialPage) is TutorialIndexPage
    assert kinds.index_model(AuthorPage) is AuthorIndexPage
    # and each index takes exactly those types: what an editor may add there.
    assert StoryIndexPage.clean_subpage_models() == [JourneyStoryPage]
    assert TutorialIndexPage.clean_subpage_models() == [TutorialPage]
    assert AuthorIndexPage.clean_subpage_models() == [AuthorPage]
    # and the home page takes those indexes, and the site's own pages (About, Code of conduct).
    assert HomePage.allowed_subpage_models() == [
        StoryIndexPage, TutorialIndexPage, AuthorIndexPage, InfoPage,
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_kind_of_a_page_is_its_specific_types_whatever_row_holds_it():
    story = f.story(title="A story")
    as_article = ArticlePage.objects.get(pk=story.pk)
    as_page = Page.objects.get(pk=story.pk)
    for thing in (JourneyStoryPage, story, as_article, as_page):
        assert kinds.kind_of(thing) is JourneyStoryPage.kind
    assert as_article.type_kind == "story" and as_article.type_label == "Journey story"
    assert kinds.kind_of(ArticlePage) is None
    assert kinds.kind_of(Page) is None
