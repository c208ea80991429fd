"""A page's cover and avatar take only images their writer may choose, in the admin and
through the API: another writer's draft cover cannot be put on one's own draft by hand and
looked at in its preview."""

import json

import pytest
from django.urls import reverse
from wagtail.models import APIToken, Page, Revision

from blog.tests import factories as f
from editorial.tests.admin_forms import form_fields
from uploads.page_forms import NOT_CHOOSABLE

from .test_documents import draft_of, save_draft
from .test_permissions import admin_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def covers(people):
    anns = admin_upload(people.ann_client, "Anns draft cover", (200, 10, 10))
    draft_of(people.ann, cover_image=anns)
    published = f.image(title="Published cover")
    f.story(title="Live story", cover_image=published)
    return {
        "anns_draft": anns,
        "bens_own": admin_upload(people.ben_client, "Bens upload", (10, 200, 10)),
        "published": published,
    }


def post_edit(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = form_fields(client.get(url).content.decode(), "form#page-edit-form")
    data.update(changes)
    return client.post(url, data)


def state(page):
    page = Page.objects.get(pk=page.pk).specific
    return page.get_latest_revision_as_object(), Revision.objects.count()


def test_another_writers_draft_cover_cannot_be_put_on_your_own_draft(people, covers):
    draft = draft_of(people.ben)
    before = state(draft)

    refused = post_edit(people.ben_client, draft, cover_image=covers["anns_draft"].pk)

    assert refused.status_code == 200  # the form again, with the message
    assert NOT_CHOOSABLE in refused.content.decode()
    after = state(draft)
    assert after[1] == before[1]
    assert after[0].cover_image_id is None


@pytest.mark.parametrize("which", ["bens_own", "published"])
def test_a_writer_puts_their_own_or_a_published_picture_on_their_draft(people, covers, which):
    draft = draft_of(people.ben)

    save_draft(people.ben_client, draft, cover_image=covers[which].pk)

    assert state(draft)[0].cover_image_id == covers[which].pk


def test_a_cover_an_editor_chose_stays_when_the_writer_saves(people, covers):
    draft = draft_of(people.ben)
    save_draft(people.eve_client, draft, cover_image=covers["anns_draft"].pk)  # editors may

    save_draft(people.ben_client, draft, title="Ben's draft, retitled")

    page = state(draft)[0]
    assert page.title == "Ben's draft, retitled"
    assert page.cover_image_id == covers["anns_draft"].pk


def test_another_writers_draft_cover_cannot_be_a_profiles_avatar(people, covers):
    profile = f.author(name="Ben Okoro", owner=people.ben, live=False)
    before = state(profile)

    refused = post_edit(people.ben_client, profile, avatar=covers["anns_draft"].pk)

    assert refused.status_code == 200
    assert NOT_CHOOSABLE in refused.content.decode()
    assert state(profile)[0].avatar_id is None
    assert state(profile)[1] == before[1]
    save_draft(people.ben_client, profile, avatar=covers["bens_own"].pk)
    assert state(profile)[0].avatar_id == covers["bens_own"].pk


def test_the_api_never_puts_another_writers_draft_cover_on_a_page(client, people, covers):
    draft = draft_of(people.ben)
    token = APIToken.create_token(user=people.ben, name="Ben's script")[1]
    before = state(draft)

    def patch(image, field="cover_image"):
        return client.patch(
            f"/api/v3/pages/{draft.pk}/",
            json.dumps({field: image.pk}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    # Wagtail's form data would take the column's name: the API refuses it outright, with
    # a message naming it; the field's own name is not one its write schema takes.
    refused = patch(covers["anns_draft"], field="cover_image_id")
    assert refused.status_code == 400, refused.content
    assert "cover_image_id" in refused.json()["detail"]
    assert state(draft) == before
    assert patch(covers["anns_draft"]).status_code == 200
    assert state(draft)[0].cover_image_id == before[0].cover_image_id
