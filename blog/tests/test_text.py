"""Text is stored clean, whatever route it came by, and feeds survive text stored before."""

import re

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Revision

from blog.models import ArticlePage, JourneyStoryPage, TutorialSeries
from blog.text import clean_data, clean_text
from editorial.roles import CONTRIBUTORS
from editorial.tests.admin_forms import form_fields

from . import factories as f

pytestmark = pytest.mark.django_db

# Every C0 control but tab and newline, and the two non-characters XML refuses.
REFUSED = [chr(code) for code in range(0x01, 0x20) if chr(code) not in "\t\n"] + [
    "\ufffe",
    "\uffff",
]
DIRTY = "Dirty" + "".join(REFUSED) + " text"


def dirty(text):
    """``text`` with every refused character but the carriage return spliced into it."""
    return text[:2] + "".join(REFUSED).replace("\r", "") + text[2:]


def test_clean_text_keeps_writing_and_drops_what_xml_refuses():
    assert clean_text(DIRTY) == "Dirty\n text"  # the carriage return becomes a newline
    assert clean_text("Tab\tand\nnewline stay; é, 日本, 🙂 and \x85 too") == (
        "Tab\tand\nnewline stay; é, 日本, 🙂 and \x85 too"
    )
    assert clean_text("a\r\nb\rc\x00d\ud800e") == "a\nb\ncde"
    assert clean_data({"k\x0b": ["v\x0c", ("w\x1f", 3)], "n": None}) == {
        "k": ["v", ("w", 3)],
        "n": None,
    }


def test_every_text_field_of_a_page_its_revision_and_its_children_is_stored_clean():
    story = f.story(
        title=dirty("A story"),
        summary=dirty("A summary."),
        body=dirty("## Heading\n\nA paragraph."),
        starting_point=dirty("cashier"),
        city=dirty("Nairobi"),
        tags=[dirty("django")],
        milestones=[(2020, dirty("First loop"))],
        authors=[f.author(name=dirty("Amina"), bio=dirty("A *bio*."), location=dirty("Mombasa"))],
    )
    story = JourneyStoryPage.objects.get(pk=story.pk)
    assert (story.title, story.summary, story.starting_point, story.city) == (
        "A story",
        "A summary.",
        "cashier",
        "Nairobi",
    )
    assert story.body == "## Heading\n\nA paragraph."
    assert "\x0b" not in story.body_html and story.toc[0]["name"] == "Heading"
    assert [tag.name for tag in story.tags.all()] == ["django"]
    assert [milestone.text for milestone in story.milestones.all()] == ["First loop"]
    author = story.ordered_authors[0]
    assert (author.title, author.bio, author.location) == ("Amina", "A *bio*.", "Mombasa")
    content = Revision.objects.filter(object_id=str(story.pk)).latest("pk").content
    assert not any(character in str(content) for character in REFUSED)


def test_snippets_and_tags_are_stored_clean():
    series = TutorialSeries.objects.create(title=dirty("Series"), slug="series", description=DIRTY)
    series.refresh_from_db()
    assert (series.title, series.description) == ("Series", "Dirty\n text")
    tag = Tag.objects.create(name=dirty("tag"))
    tag.refresh_from_db()
    # taggit derives the slug before the name is cleaned: a control character that is
    # whitespace (a vertical tab) separates words there, as a space would.
    assert tag.name == "tag" and re.fullmatch(r"[-\w]+", tag.slug)


@pytest.fixture
def contributor(client):
    user = get_user_model().objects.create_user("writer", "writer@example.com", "pw-12345678")
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    f.author(name="Writer", user=user)
    client.force_login(user)
    return client


def test_text_typed_into_the_admin_is_stored_clean(contributor):
    index = f.story_index()
    add_url = reverse("wagtailadmin_pages:add", args=["blog", "journeystorypage", index.pk])
    data = form_fields(contributor.get(add_url).content.decode(), "form#page-edit-form")
    data.update(
        title=dirty("Typed story"),
        slug="typed-story",
        summary=dirty("Typed summary."),
        body=dirty("## Typed\n\nBody."),
        starting_point=dirty("teacher"),
        tags=dirty("typed"),
    )
    response = contributor.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = JourneyStoryPage.objects.get(title="Typed story")  # a contributor sets no slug
    draft = story.get_latest_revision_as_object()
    for page in (story, draft):
        assert (page.title, page.summary, page.starting_point) == (
            "Typed story",
            "Typed summary.",
            "teacher",
        )
        assert page.body == "## Typed\n\nBody."
    assert [tag.name for tag in draft.tags.all()] == ["typed"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_and_pages_survive_text_stored_before_cleaning(fmt):
    author = f.author(name="Amina")
    story = f.story(title="Old story", authors=[author], tags=["django"])
    # As stored before text was cleaned on save: written past the models, as old rows are.
    ArticlePage.objects.filter(pk=story.pk).update(
        title=DIRTY, summary=DIRTY, body_html=f"<p>{DIRTY}</p>"
    )
    type(author).objects.filter(pk=author.pk).update(title=dirty("Amina"))
    Tag.objects.filter(name="django").update(name=dirty("django"))
    reader = Client()
    for url in [
        f"/feeds/all/{fmt}.xml",
        f"/feeds/journeys/{fmt}.xml",
        f"/feeds/tags/django/{fmt}.xml",
        f"/feeds/authors/{author.slug}/{fmt}.xml",
    ]:
        response = reader.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert feed.entries[0].title == "Dirty\n text"
    for url in ["/", "/journeys/", story.url, "/tags/django/", author.url, "/search/?q=dirty"]:
        assert reader.get(url).status_code == 200, url
