"""A document attached to unpublished content does not reach readers, on S3 (no signed URL)
or local media: a draft's link, a live page's unpublished changes, an expired page's, a
private page's for readers not let in. Once the page is published, the link works."""

import datetime

import pytest
import requests
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from blog.tests import factories as f
from editorial.tests.admin_forms import edit_form_data

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
