"""The S3 store stops mid-test (or refuses writes): an upload gets a clear message in the
admin, no image record is left without a file, and reader pages with existing images
still answer 200."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blog.tests import factories as f
from uploads.middleware import MESSAGE

from .helpers import S3, image_bytes, upload

# Requests run in autocommit, as in production: inside a test's wrapping transaction, the
# failed save would poison that transaction for the requests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def admin_uploads(client):
    """Each admin upload path, with what it answers when the store fails."""
    single = client.post(
        reverse("wagtailimages:add"), {"title": "New", "file": upload("new.png", image_bytes())}
    )
    multiple = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("new.png", image_bytes())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    chooser = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "New",
            "image-chooser-upload-file": upload("new.png", image_bytes()),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    document = client.post(
        reverse("wagtaildocs:add"), {"title": "Notes", "file": upload("notes.txt", b"notes")}
    )
    document_chooser = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Notes",
            "document-chooser-upload-file": upload("notes.txt", b"notes"),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    return single, multiple, chooser, document, document_chooser


def assert_chooser_form_again_with_the_message(response, title_field):
    """The chooser's upload tab again, the message on top and the title kept, as for a
    refused file (not a failed request, which the modal reports as "Server Error")."""
    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "reshow_creation_form"
    fragment = answer["htmlFragment"]
    assert MESSAGE in fragment
    assert f'name="{title_field}"' in fragment
    assert 'value="New"' in fragment or 'value="Notes"' in fragment


def assert_clear_errors(client, single, multiple, chooser, document, document_chooser):
    # The add-image page: back to the form, the message on top.
    assert single.status_code == 302
    assert single["Location"] == reverse("wagtailimages:add")
    page = client.get(single["Location"])
    assert page.status_code == 200
    assert "The file could not be stored: the media storage is not answering" in (
        page.content.decode()
    )
    # The multiple uploader shows error_message under the file.
    assert multiple.status_code == 200
    assert multiple.json() == {"success": False, "error_message": MESSAGE}
    # The page editor's image chooser, and the document chooser.
    assert_chooser_form_again_with_the_message(chooser, "image-chooser-upload-title")
    assert_chooser_form_again_with_the_message(document_chooser, "document-chooser-upload-title")
    # Documents too.
    assert document.status_code == 302
    assert MESSAGE in [m.message for m in get_messages(document.wsgi_request)]


def test_with_the_store_down_uploads_fail_clearly_and_readers_still_get_pages(
    own_s3_server, settings, monkeypatch, admin_client, client
):
    s3 = S3(server=own_s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    story = f.story(title="Shown before", cover_image=f.image(), tags=["harbour"])
    author = f.author(avatar=f.image())
    pages = ["/", "/journeys/", story.url, "/tags/harbour/", "/authors/", author.url]
    for url in pages:
        assert client.get(url).status_code == 200  # renditions made while the store was up
    images_before = set(get_image_model().objects.values_list("pk", flat=True))

    own_s3_server.stop()
    responses = admin_uploads(admin_client)

    assert_clear_errors(admin_client, *responses)
    assert set(get_image_model().objects.values_list("pk", flat=True)) == images_before
    assert not get_document_model().objects.exists()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert s3.endpoint in response.content.decode()  # the images, linked as before


def test_with_credentials_refused_uploads_fail_clearly_and_readers_still_get_pages(
    own_s3_server, settings, monkeypatch, admin_client, client
):
    """The keys were rotated or revoked: the store answers 403 to everything."""
    s3 = S3(server=own_s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    story = f.story(title="Shown before", cover_image=f.image())
    assert client.get(story.url).status_code == 200  # renditions made while keys worked
    never_viewed = f.story(title="Never opened", cover_image=f.image())
    images_before = set(get_image_model().objects.values_list("pk", flat=True))

    with own_s3_server.refusing_credentials():
        responses = admin_uploads(admin_client)
        pages = [client.get(url) for url in ("/", "/journeys/", story.url, never_viewed.url)]

    assert_clear_errors(admin_client, *responses)
    assert set(get_image_model().objects.values_list("pk", flat=True)) == images_before
    assert not get_document_model().objects.exists()
    assert [response.status_code for response in pages] == [200, 200, 200, 200]
    assert "Never opened" in pages[3].content.decode()


def test_with_the_store_down_a_listing_never_viewed_still_answers(
    own_s3_server, settings, monkeypatch, client
):
    """Its card renditions cannot be made: the listing shows the pieces without them rather
    than failing."""
    s3 = S3(server=own_s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    f.story(title="Published, never viewed", cover_image=f.image())

    own_s3_server.stop()

    response = client.get("/journeys/")
    assert response.status_code == 200
    assert "Published, never viewed" in response.content.decode()


def test_with_the_store_down_a_piece_never_viewed_still_answers(
    own_s3_server, settings, monkeypatch, client
):
    """Its cover and avatar renditions (and the Open Graph image) cannot be made: the page
    answers without them rather than with a server error."""
    s3 = S3(server=own_s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    author = f.author(name="Wanjiru Kamau", avatar=f.image())
    story = f.story(title="Published, never opened", cover_image=f.image(), authors=[author])

    own_s3_server.stop()

    for page, text in [(story, "Published, never opened"), (author, "Wanjiru Kamau")]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert text in html
        assert 'property="og:image"' not in html  # no link to a rendition that does not exist


def test_with_the_store_refusing_writes_uploads_fail_clearly(s3, admin_client):
    deny_writes = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{s3.bucket}/*",
            }
        ],
    }
    s3.client.put_bucket_policy(Bucket=s3.bucket, Policy=json.dumps(deny_writes))

    responses = admin_uploads(admin_client)

    assert_clear_errors(admin_client, *responses)
    assert not get_image_model().objects.exists()
    assert not get_document_model().objects.exists()
    assert s3.list_keys() == []


def test_other_errors_are_left_alone(s3, admin_client, monkeypatch):
    """Only storage errors become the message: a bug elsewhere stays a server error."""

    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not the store")

    monkeypatch.setattr(get_image_model(), "_set_image_file_metadata", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        admin_client.post(
            reverse("wagtailimages:add"),
            {"title": "New", "file": upload("new.png", image_bytes())},
        )
