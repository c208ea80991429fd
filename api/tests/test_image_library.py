"""The image library through the API: a contributor lists and opens only the images they may
choose in the admin, and changes no one else's. In a module of its own: it counts every image
there is, so it shares no content with other tests."""

from types import SimpleNamespace

import pytest

from blog.tests import factories as f

from .conftest import body, snapshot

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in body(response)["items"]}


@pytest.fixture
def library(people):
    """An image each writer uploaded (the other's on her draft), one on a published story
    and an editor's unused upload."""

    def uploaded(title, user):
        image = f.image(title=title)
        image.uploaded_by_user = user
        image.save()
        return image

    images = SimpleNamespace(
        own=uploaded("My own upload", people.contributor),
        others_draft_cover=uploaded("Her draft cover", people.other_contributor),
        published=f.image(title="A published cover"),
        spare=uploaded("The editor's spare", people.editor),
    )
    f.story(title="Her draft", live=False, owner=people.other_contributor,
            cover_image=images.others_draft_cover)  # fmt: skip
    f.story(title="Published", cover_image=images.published)
    return images


def test_a_contributor_lists_only_the_images_they_may_choose_in_the_admin(api_as, library):
    contributor = api_as("contributor")

    assert ids(contributor.get("/images/?limit=50")) == {library.own.pk, library.published.pk}
    assert ids(contributor.get("/images/?search=cover")) == {library.published.pk}
    assert ids(contributor.get("/images/?title=Her+draft+cover")) == set()
    hidden = contributor.get(f"/images/{library.others_draft_cover.pk}/")
    assert hidden.status_code == 404
    assert body(hidden)["detail"] == "No Image matches the given query."
    assert contributor.get(f"/images/{library.published.pk}/").status_code == 200
    assert ids(api_as("other_contributor").get("/images/?limit=50")) == {
        library.others_draft_cover.pk,
        library.published.pk,
    }
    everything = {image.pk for image in vars(library).values()}
    assert everything <= ids(api_as("editor").get("/images/?limit=50"))
    assert api_as("editor").get(f"/images/{library.others_draft_cover.pk}/").status_code == 200


def test_a_contributor_changes_no_one_elses_image(api_as, library):
    before = snapshot()
    contributor = api_as("contributor")
    path = f"/images/{library.others_draft_cover.pk}/"

    assert contributor.patch(path, {"title": "Mine now"}).status_code in (403, 404)
    assert contributor.delete(path).status_code in (403, 404)
    assert snapshot() == before


def test_a_contributors_text_shows_only_pictures_they_may_choose(api_as, library):
    """A body's ``![alt](image:<id>)`` is held to the same rule as a cover: another
    writer's draft picture is refused, and nothing is written."""
    api = api_as("contributor")
    index = f.story_index()

    def draft(image):
        return api.post("/pages/", {
            "meta": {"type": "blog.JourneyStoryPage", "parent_id": index.pk},
            "title": f"Pictures {image.pk}", "summary": "One.", "starting_point": "clerk",
            "body": f"## Look\n\n![a picture](image:{image.pk})",
        })  # fmt: skip

    before = snapshot()
    response = draft(library.others_draft_cover)
    assert 400 <= response.status_code < 500, response.content
    assert "a picture you cannot use here" in response.content.decode()
    assert snapshot() == before

    response = draft(library.own)
    assert response.status_code == 201, response.content
    assert "<picture>" in body(response)["body_html"]
