"""Writes a stranger with a token can send: text that cannot be formatted in bounded time is
refused with a message and changes nothing; control characters are stored clean."""

import pytest
from wagtail.models import Revision

from blog.models import JourneyStoryPage
from blog.tests import factories as f

from .conftest import body, snapshot
from .test_actions import story_payload

pytestmark = pytest.mark.django_db

NESTED_BRACKETS = "[" * 50_000 + "x" + "]" * 50_000
REFUSED = "".join(chr(code) for code in range(0x01, 0x20) if chr(code) not in "\t\n\r")
REFUSED += "\ufffe\uffff"


@pytest.fixture(autouse=True)
def short_render_limit(settings):
    settings.MARKDOWN_RENDER_SECONDS = 0.5


@pytest.fixture
def writer(people):
    f.author(name="Contributor", user=people.contributor)
    return people.contributor


def test_a_body_that_cannot_be_formatted_is_refused_on_create(api_as, writer):
    index = f.story_index()
    before = snapshot()
    response = api_as("contributor").post("/pages/", story_payload(index, body=NESTED_BRACKETS))
    assert response.status_code in (400, 422), response.content[:500]
    assert "This text could not be formatted" in response.content.decode()
    assert snapshot() == before


def test_a_body_that_cannot_be_formatted_is_refused_on_edit(api_as, writer):
    story = f.story(title="Mine", live=False, owner=writer)
    before = snapshot()
    response = api_as("contributor").patch(f"/pages/{story.pk}/", {"body": NESTED_BRACKETS})
    assert response.status_code in (400, 422), response.content[:500]
    assert "This text could not be formatted" in response.content.decode()
    assert snapshot() == before


def test_an_editor_publishing_such_a_body_publishes_nothing(api_as, writer):
    payload = story_payload(f.story_index(), body=NESTED_BRACKETS)
    before = snapshot()
    payload["meta"]["action"] = "publish"
    response = api_as("editor").post("/pages/", payload)
    assert response.status_code in (400, 422)
    assert snapshot() == before


def test_control_characters_sent_through_the_api_are_stored_clean(api_as, writer):
    response = api_as("contributor").post(
        "/pages/",
        story_payload(
            f.story_index(),
            title=f"Pasted{REFUSED} title",
            summary=f"A{REFUSED} summary.",
            body=f"## Pasted{REFUSED}\n\nFrom a word processor.",
            city=f"Nai{REFUSED}robi",
            tags=[f"dj{REFUSED}ango"],
            milestones=[{"year": 2020, "text": f"First{REFUSED} loop"}],
        ),
    )
    assert response.status_code == 201, response.content[:1000]
    story = JourneyStoryPage.objects.get(pk=body(response)["id"])
    draft = story.get_latest_revision_as_object()
    for page in (story, draft):
        assert page.title == "Pasted title"
        assert page.summary == "A summary."
        assert page.body == "## Pasted\n\nFrom a word processor."
        assert page.city == "Nairobi"
    assert [m.text for m in draft.milestones.all()] == ["First loop"]
    assert [tag.name for tag in draft.tags.all()] == ["django"]
    content = str(Revision.objects.filter(object_id=str(story.pk)).latest("pk").content)
    assert not any(character in content for character in REFUSED)


@pytest.mark.parametrize("character", ["\x00", "\ud800"])
def test_nul_and_lone_surrogates_are_refused_or_cleaned_never_a_server_error(
    api_as, writer, character
):
    response = api_as("contributor").post(
        "/pages/",
        story_payload(f.story_index(), title=f"Odd{character} title", tags=[f"odd{character}tag"]),
    )
    assert response.status_code in (201, 400, 422), response.content[:1000]
    if response.status_code == 201:
        story = JourneyStoryPage.objects.get(pk=body(response)["id"])
        assert story.title == "Odd title"
    else:
        assert body(response)["detail"]
