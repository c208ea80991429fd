"""The Markdown editor's picture upload (``uploads.views.markdown_image_upload``): who may
upload, what is refused and how (JSON, 400/403/405/413, nothing stored), and what lands: an
image owned by the writer whose reference renders on the published page as renditions with
``srcset``, on local media and on S3 (moto), with URLs that do not expire."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model

from blog.tests import factories as f

from .helpers import image_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/admin/markdown-images/"


def send(client, *, name="harbour.png", content=None, alt="A harbour at dawn", **extra):
    data = {"file": upload(name, content or image_bytes("PNG", size=(1200, 800)))}
    if alt is not None:
        data["alt"] = alt
    return client.post(URL, data, **extra)


def test_the_url_is_the_admin_view():
    assert reverse("markdown_image_upload") == URL


def test_a_contributor_uploads_a_picture_they_then_own(people):
    response = send(people.ann_client)

    assert response.status_code == 201, response.content
    body = response.json()
    image = get_image_model().objects.get(pk=body["id"])
    assert image.uploaded_by_user == people.ann
    assert image.description == image.title == "A harbour at dawn"
    assert body["markdown"] == f"![A harbour at dawn](image:{image.pk})"


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        ({"alt": None}, 400, "Describe the picture"),
        ({"alt": "   "}, 400, "Describe the picture"),
        ({"alt": "x" * 256}, 400, "under 255 characters"),
        ({"name": "notes.txt", "content": b"plain text"}, 400, "upload a valid image"),
        ({"name": "drawing.svg", "content": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}, 400, ""),
        ({"name": "broken.png", "content": image_bytes("PNG")[:40]}, 400, ""),
    ],
    ids=["no-alt", "blank-alt", "long-alt", "text", "svg", "truncated"],
)
def test_a_refused_upload_says_why_and_stores_nothing(people, kwargs, status, message):
    response = send(people.ann_client, **kwargs)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error and message.lower() in error.lower()
    assert not get_image_model().objects.exists()


def test_a_file_over_the_size_limit_is_413(people, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = send(people.ann_client)

    assert response.status_code == 413
    assert "the largest picture you can upload is 1000" in response.json()["error"]
    assert not get_image_model().objects.exists()


def test_only_signed_in_users_who_may_add_images_upload(people, django_user_model):
    assert send(people.reader).status_code == 302  # to the admin's sign-in page
    nobody = django_user_model.objects.create_user("nobody", "n@example.com", "pw-12345678")
    nobody.user_permissions.add(*_admin_access())
    client = Client()
    client.force_login(nobody)
    response = send(client)
    assert response.status_code == 403
    assert response.json()["error"] == "You cannot upload pictures."
    assert people.ann_client.get(URL).status_code == 405
    assert not get_image_model().objects.exists()


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="access_admin")


def test_a_post_without_the_csrf_token_is_refused(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.ann)
    assert send(client).status_code == 403
    assert not get_image_model().objects.exists()


def published_with(client, markdown):
    """A story whose body shows ``markdown``, published; its page as a reader gets it."""
    story = f.story(title="Harbour days", body=f"## At the harbour\n\n{markdown}\n")
    response = client.get(story.url)
    assert response.status_code == 200
    return response.content.decode()


def picture_urls(html):
    """Every URL in the body's <picture> elements: sources' and images' srcset and src."""
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    urls = []
    for picture in pictures:
        for srcset in re.findall(r'srcset="([^"]*)"', picture):
            urls += [part.strip().split(" ")[0] for part in srcset.split(",")]
        urls += re.findall(r'<img [^>]*src="([^"]*)"', picture)
    return pictures, [url.replace("&amp;", "&") for url in urls]


def test_an_uploaded_picture_renders_as_renditions_on_local_media(people, client):
    uploaded = send(people.ann_client).json()
    html = published_with(client, uploaded["markdown"])

    pictures, urls = picture_urls(html)
    assert len(pictures) == 1
    assert 'type="image/webp"' in pictures[0] and 'loading="lazy"' in pictures[0]
    assert re.search(r"\s\d+w", pictures[0])  # width descriptors: a real srcset
    image = get_image_model().objects.get(pk=uploaded["id"])
    assert image.file.name not in html  # never the original
    for url in urls:
        assert url.startswith("/media/images/"), url
        assert client.get(url).status_code in {200, 404}  # served by the web server, not Django
    from django.conf import settings

    for url in urls:
        assert (settings.MEDIA_ROOT / url.removeprefix("/media/")).exists(), url


def test_on_s3_the_picture_is_public_renditions_that_do_not_expire(s3, people, client):
    uploaded = send(people.ann_client).json()
    image = get_image_model().objects.get(pk=uploaded["id"])
    assert image.file.name in s3.list_keys(prefix="original_images/")

    html = published_with(client, uploaded["markdown"])

    pictures, urls = picture_urls(html)
    assert len(pictures) == 1 and 'type="image/webp"' in pictures[0]
    public = s3.list_keys(prefix="public/images/")
    bucket_url = f"{s3.endpoint}/{s3.bucket}/"
    assert {"image/webp", "image/png"} <= {
        requests.get(url, timeout=5).headers["Content-Type"] for url in urls
    }
    for url in urls:
        assert url.startswith(bucket_url + "public/images/"), url
        assert url.removeprefix(bucket_url) in public
        # No signature and no expiry: the same address works an hour later, and for ever
        # (an original's address is signed and expires, so it never appears).
        query = parse_qs(urlsplit(url).query)
        assert not {"X-Amz-Signature", "X-Amz-Expires", "Signature", "Expires"} & set(query)
        fetched = requests.get(url, timeout=5)  # a reader: no credentials at all
        assert fetched.status_code == 200
        assert fetched.headers["Cache-Control"] == "public, max-age=31536000"
    original = image.file.url
    assert "X-Amz-Expires" in original or "Expires" in original  # what readers never get
    assert urlsplit(original).path not in html
