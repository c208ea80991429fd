"""What a contributor sees of the image and document libraries in the admin, through the
real admin URLs: their own uploads, pictures readers already see and what an editor put on
their pages; never another writer's draft cover or an editor's unused upload."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from blog.tests import factories as f
from search.tests.test_features import OPENSEARCH

from .helpers import image_bytes, upload
from .test_documents import draft_of, save_draft

pytestmark = pytest.mark.django_db


def admin_upload(client, title, colour=(30, 120, 90)):
    """Upload through the admin's "Add images" page, as the uploader's browser does."""
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("cover.png", image_bytes(colour=colour))},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"], response.json()
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    image.title = title
    image.save()
    return image


@pytest.fixture
def library(people):
    """Ann's draft cover, Ben's own upload, an editor's unused upload, one on a published
    story, and one an editor put on Ben's draft."""
    images = {
        "anns_draft_cover": admin_upload(people.ann_client, "Anns draft cover", (200, 10, 10)),
        "bens_upload": admin_upload(people.ben_client, "Bens upload", (10, 200, 10)),
        "editors_spare": admin_upload(people.eve_client, "Editors spare", (10, 10, 200)),
        "published_cover": f.image(title="Published cover"),
        "attached_by_editor": admin_upload(people.eve_client, "Attached by editor", (90, 9, 9)),
    }
    images["anns_draft"] = draft_of(people.ann, cover_image=images["anns_draft_cover"])
    f.story(title="Live story", cover_image=images["published_cover"])
    bens_draft = draft_of(people.ben)
    save_draft(people.eve_client, bens_draft, cover_image=images["attached_by_editor"].pk)
    return images


def chooser_titles(client, query=None):
    """The image titles the page editor's "Choose an image" modal lists (or finds)."""
    if query is None:
        response = client.get(reverse("wagtailimages_chooser:choose"))
    else:
        response = client.get(reverse("wagtailimages_chooser:choose_results"), {"q": query})
    assert response.status_code == 200
    text = response.content.decode()
    every = get_image_model().objects.values_list("title", flat=True)
    return {title for title in every if title in text}


def test_a_contributor_chooses_from_own_uploads_and_what_readers_see(people, library):
    assert chooser_titles(people.ben_client) == {
        "Bens upload",
        "Published cover",
        "Attached by editor",  # on his own draft
    }
    assert chooser_titles(people.ann_client) == {"Anns draft cover", "Published cover"}
    assert chooser_titles(people.eve_client) == set(
        get_image_model().objects.values_list("title", flat=True)
    )


def test_a_chooser_search_finds_no_other_writers_draft_cover(people, library):
    assert chooser_titles(people.ben_client, "cover") == {"Published cover"}
    assert chooser_titles(people.ann_client, "draft") == {"Anns draft cover"}
    assert "Anns draft cover" in chooser_titles(people.eve_client, "draft")


def test_another_writers_draft_cover_cannot_be_chosen_edited_or_previewed(people, library):
    cover = library["anns_draft_cover"]
    for url in [
        reverse("wagtailimages_chooser:chosen", args=(cover.pk,)),
        reverse("wagtailimages:edit", args=(cover.pk,)),
        reverse("wagtailimages:image_usage", args=(cover.pk,)),
        reverse("wagtailimages:preview", args=(cover.pk, "fill-300x200")),
    ]:
        response = people.ben_client.get(url)
        assert response.status_code in (302, 403), url
        assert "Anns draft cover" not in response.content.decode(), url
    chosen = people.ben_client.get(
        reverse("wagtailimages_chooser:chosen", args=(library["published_cover"].pk,))
    )
    assert chosen.status_code == 200
    assert "Published cover" in chosen.content.decode()
    assert (
        people.ann_client.get(reverse("wagtailimages_chooser:chosen", args=(cover.pk,))).status_code
        == 200
    )


def test_the_library_lists_a_contributor_their_own_uploads_only(people, library):
    response = people.ben_client.get(reverse("wagtailimages:index"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Bens upload" in text
    for title in ("Anns draft cover", "Editors spare", "Published cover"):
        assert title not in text


def test_uploading_the_same_file_again_does_not_reveal_a_draft_cover(people, library):
    """Wagtail offers a duplicate it finds among the images the uploader may choose."""
    response = people.ben_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("again.png", image_bytes(colour=(200, 10, 10)))},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert response.json()["success"]
    assert "Anns draft cover" not in response.content.decode()


def test_once_the_draft_is_published_its_cover_is_everyones_to_choose(people, library):
    library["anns_draft"].get_latest_revision().publish()

    assert "Anns draft cover" in chooser_titles(people.ben_client)


def test_contributors_have_no_document_library(people, library):
    document = get_document_model().objects.create(title="Editors notes")
    for url in [
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=(document.pk,)),
        reverse("wagtaildocs:document_usage", args=(document.pk,)),
        reverse("wagtaildocs_chooser:chosen", args=(document.pk,)),
    ]:
        response = people.ben_client.get(url)
        assert response.status_code in (302, 403), url
        assert "Editors notes" not in response.content.decode(), url
    # The page editor's document chooser opens, empty: they may choose no document.
    for name, query in [("choose", {}), ("choose_results", {"q": "notes"})]:
        listed = people.ben_client.get(reverse(f"wagtaildocs_chooser:{name}"), query)
        assert listed.status_code == 200
        assert "Editors notes" not in listed.content.decode()
        assert (
            "Editors notes"
            in people.eve_client.get(reverse(f"wagtaildocs_chooser:{name}"), query).content.decode()
        )


def _filter_values(node, name):
    """Every value a compiled OpenSearch query filters ``name`` on."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("term", "terms") and name in value:
                found = value[name]
                yield from found if isinstance(found, list) else [found]
            else:
                yield from _filter_values(value, name)
    elif isinstance(node, list):
        for item in node:
            yield from _filter_values(item, name)


def test_a_contributors_image_search_is_one_opensearch_can_run(settings, people, library):
    """The narrowing filters only fields Wagtail indexes for images, so the search the
    chooser sends OpenSearch compiles (no service runs here: the query is only built)."""
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    policy = policy_registry.get_by_type(get_image_model())
    choosable = policy.instances_user_has_permission_for(people.ben, "choose")

    query = choosable.search("cover").query_compiler.get_query()

    assert set(_filter_values(query, "uploaded_by_user_id_filter")) == {people.ben.pk}
    assert set(_filter_values(query, "id_filter")) == {
        library["attached_by_editor"].pk,
        library["published_cover"].pk,
    }
