"""A document attached to unpublished content does not reach readers, on S3 (no signed URL)
or local media: a draft's link, a live page's unpublished changes, an expired page's, a
private page's for readers not let in. Once the page is published, the link works."""

import datetime

import pytest
import requests
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS
from editorial.tests.admin_forms import edit_form_data, form_fields

from .helpers import upload

pytestmark = pytest.mark.django_db

CONTENT = b"Salary notes for the story, not for readers yet.\n"


def attachment(name="salary-notes.txt"):
    document = get_document_model()(title="Salary notes")
    document.file.save(name, ContentFile(CONTENT))
    return document


def linking(document):
    return f"## What I earned\n\nSee [my notes]({document.url}) for the numbers."


def assert_refused(response):
    assert response.status_code == 404
    assert "Location" not in response  # no signed URL, no redirect to the bucket


def assert_signed_redirect(s3, response):
    assert response.status_code == 302
    assert response["Location"].startswith(f"{s3.endpoint}/{s3.bucket}/documents/")
    assert requests.get(response["Location"], timeout=5).content == CONTENT


def test_a_drafts_attachment_reaches_no_reader_until_the_page_is_published(
    s3, client, admin_client
):
    document = attachment()
    story = f.story(title="From payroll to Python", body=linking(document), live=False)

    assert_refused(client.get(document.url))
    # The editor reviewing the draft follows its link.
    assert_signed_redirect(s3, admin_client.get(document.url))

    story.get_latest_revision().publish()

    assert_signed_redirect(s3, client.get(document.url))


def test_a_link_added_in_unpublished_changes_of_a_live_page_does_not_work_yet(
    s3, client, admin_client
):
    story = f.story(title="From payroll to Python")
    document = attachment()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form_data(story, body=linking(document)),  # "Save draft"
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.has_unpublished_changes
    assert document.url not in client.get(story.url).content.decode()

    assert_refused(client.get(document.url))

    story.get_latest_revision().publish()

    assert document.url in client.get(story.url).content.decode()
    assert_signed_redirect(s3, client.get(document.url))


def test_an_expired_pages_attachment_is_refused(s3, client):
    document = attachment()
    story = f.story(body=linking(document))
    assert_signed_redirect(s3, client.get(document.url))

    type(story).objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )  # publish_scheduled has not run yet: the page is still marked live

    assert_refused(client.get(document.url))


def test_a_private_pages_attachment_reaches_only_readers_let_in(s3, client, django_user_model):
    document = attachment()
    story = f.story(body=linking(document))
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)

    assert_refused(client.get(document.url))

    client.force_login(django_user_model.objects.create_user("reader", password="pw-long-1234"))
    assert_signed_redirect(s3, client.get(document.url))


def test_an_attachment_of_a_published_page_also_linked_from_a_draft_is_served(s3, client):
    document = attachment()
    f.story(body=linking(document), live=False)
    f.story(body=linking(document))

    assert_signed_redirect(s3, client.get(document.url))


def test_with_local_media_a_drafts_attachment_is_refused_too(client):
    document = attachment("plan.pdf")
    story = f.story(body=linking(document), live=False)

    assert client.get(document.url).status_code == 404

    story.get_latest_revision().publish()

    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == CONTENT
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_document_no_page_links_to_is_served_as_wagtail_serves_it(client):
    """Documents shared by link (a press kit) keep working: only a draft's link hides one."""
    document = attachment("press-kit.pdf")

    served = client.get(document.url)

    assert served.status_code == 200
    assert b"".join(served.streaming_content) == CONTENT


# Contributors, editors and readers: who gets a draft's attachment through real requests.


def admin_document_upload(client, name="salary-notes.txt", content=CONTENT):
    """Upload through the admin's "Add a document" page, as an editor's browser does."""
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Salary notes", "file": upload(name, content)}
    )
    assert response.status_code == 302, response.content
    return get_document_model().objects.latest("pk")


def save_draft(client, page, **changes):
    """Open the page's edit form as ``client`` sees it, change fields, press "Save draft"."""
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    form = client.get(url)
    assert form.status_code == 200
    data = form_fields(form.content.decode(), "form#page-edit-form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def draft_of(owner, **fields):
    return f.story(title=f"{owner.username}'s draft", owner=owner, live=False, **fields)


def assert_served(response):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT


def test_a_drafts_attachment_reaches_its_writer_and_editors_only(people):
    document = admin_document_upload(people.eve_client)
    draft = draft_of(people.ann)
    save_draft(people.eve_client, draft, body=linking(document))  # the editor attaches it

    assert_served(people.ann_client.get(document.url))  # her draft links it
    assert_served(people.eve_client.get(document.url))
    assert_refused(people.ben_client.get(document.url))  # another contributor
    assert_refused(people.reader.get(document.url))

    draft.get_latest_revision().publish()

    assert_served(people.ben_client.get(document.url))
    assert_served(people.reader.get(document.url))


def test_a_live_pages_attachment_in_its_unpublished_changes_stays_with_its_writer(people):
    story = f.story(title="From payroll to Python", owner=people.ann)
    document = admin_document_upload(people.eve_client)
    save_draft(people.eve_client, story, body=linking(document))

    assert_served(people.ann_client.get(document.url))
    assert_refused(people.ben_client.get(document.url))
    assert_refused(people.reader.get(document.url))


def test_a_link_typed_into_your_own_draft_opens_nothing(people):
    """Ben guesses the attachment's address and links it from his own draft: he may edit a
    page that links it, but he wrote the link, so it gives him nothing."""
    document = admin_document_upload(people.eve_client)
    save_draft(people.eve_client, draft_of(people.ann), body=linking(document))
    bens = draft_of(people.ben)

    save_draft(people.ben_client, bens, body=linking(document))

    assert document.url in type(bens).objects.get(pk=bens.pk).body
    assert_refused(people.ben_client.get(document.url))
    assert_served(people.ann_client.get(document.url))


def test_a_link_typed_into_a_draft_does_not_hide_a_shared_document(people):
    """A press kit linked from no page is served; a contributor's draft linking it does not
    make it a draft's attachment, so readers keep it."""
    document = admin_document_upload(people.eve_client, name="press-kit.pdf")
    assert_served(people.reader.get(document.url))

    save_draft(people.ben_client, draft_of(people.ben), body=linking(document))

    assert_served(people.reader.get(document.url))
    assert_served(people.ann_client.get(document.url))


def test_whoever_uploaded_a_document_may_fetch_it(people, django_user_model):
    """Someone given the document library (not an editor) uploads an attachment for their
    own draft: it is theirs and the editors', nobody else's."""
    librarian = django_user_model.objects.create_user("lib", "lib@example.com", "pw-12345678")
    librarian.groups.add(Group.objects.get(name=CONTRIBUTORS))
    library = Group.objects.create(name="Document library")
    library.collection_permissions.create(
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_document"),
    )
    librarian.groups.add(library)
    client = Client()
    client.force_login(librarian)
    document = admin_document_upload(client)
    save_draft(client, draft_of(librarian), body=linking(document))

    assert_served(client.get(document.url))
    assert_served(people.eve_client.get(document.url))
    assert_refused(people.ben_client.get(document.url))
    assert_refused(people.reader.get(document.url))


def restricted(restriction_type, **fields):
    collection = Collection.get_first_root_node().add_child(name=f"{restriction_type} only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, **fields
    )
    return collection


def test_a_collection_for_signed_in_users_is_for_editors_only(people):
    """Anyone can sign up, so "signed-in users" would be everyone: editors only, and the
    writers whose pages they attached it to."""
    document = attachment()
    document.collection = restricted(CollectionViewRestriction.LOGIN)
    document.save()
    f.story(title="Published", body=linking(document))  # even readers' pages link it

    signed_out = people.reader.get(document.url)
    assert signed_out.status_code == 302  # to the login page, for an editor following it
    assert signed_out["Location"].startswith(reverse("wagtailcore_login"))
    assert_refused(people.ben_client.get(document.url))
    assert_served(people.eve_client.get(document.url))

    save_draft(people.eve_client, draft_of(people.ann), body=linking(document))

    assert_served(people.ann_client.get(document.url))
    assert_refused(people.ben_client.get(document.url))


def test_a_password_collection_still_asks_contributors_for_the_password(people):
    document = attachment()
    document.collection = restricted(CollectionViewRestriction.PASSWORD, password="open sesame")
    document.save()

    asked = people.ben_client.get(document.url)

    assert asked.status_code == 200
    assert "password" in asked.content.decode().lower()
    assert not hasattr(asked, "streaming_content")  # a form, not the file


def test_on_s3_another_contributor_gets_no_signed_url(s3, people):
    document = admin_document_upload(people.eve_client)
    save_draft(people.eve_client, draft_of(people.ann), body=linking(document))

    assert_signed_redirect(s3, people.ann_client.get(document.url))
    assert_refused(people.ben_client.get(document.url))
    assert_refused(people.reader.get(document.url))
