"""Bad image uploads are refused in the admin with a clear message, and nothing is stored:
not in the bucket, not in the database. Good images in every accepted format still pass."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageFile as PILImageFile
from wagtail.images import get_image_model
from wagtail.models import APIToken

from editorial.roles import CONTRIBUTORS
from uploads.forms import check_image_decodes

from .helpers import animation, image_bytes, long_gif, upload

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
NOT_READABLE = "could not be read in full"


def truncated_jpeg():
    content = image_bytes("JPEG", size=(400, 300))
    return content[: len(content) // 2]


def animated_gif(frames=3):
    buffer = io.BytesIO()
    images = [PILImage.new("RGB", (40, 30), (n * 60, 20, 90)) for n in range(frames)]
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=100)
    return buffer.getvalue()


TOO_MANY_PIXELS = "This animation has too many pixels: "
BAD_UPLOADS = [
    pytest.param("notes.jpg", b"These are my notes, not a photo.\n" * 20, "upload a valid image",
                 id="text-named-jpg"),
    # The GIF: 200 frames of 5000 x 5000 in 3.9 MB; each frame passes Wagtail's limit.
    pytest.param("bomb.gif", long_gif(frames=200, size=(5000, 5000)),
                 TOO_MANY_PIXELS + "200 frames of 5,000 \u00d7 5,000 = 5,000,000,000 to decode",
                 id="gif-200-frames"),
    # Willow takes no APNG (nor AVIF sequence) at all, but the headers are read first.
    pytest.param("bomb.png", animation("PNG", frames=3, size=(5000, 5000)),
                 TOO_MANY_PIXELS + "3 frames of 5,000 \u00d7 5,000 = 75,000,000 to decode",
                 id="apng-3-frames"),
    pytest.param("bomb.webp", animation("WEBP", frames=3, size=(5000, 5000)),
                 TOO_MANY_PIXELS + "3 frames of 5,000 \u00d7 5,000 = 75,000,000 to decode",
                 id="webp-3-frames"),
    pytest.param("flicker.gif", animation("GIF", frames=301, size=(8, 8)),
                 "more than 300 frames, the most an image may have", id="gif-301-frames"),
    pytest.param("cover.jpg", truncated_jpeg(), NOT_READABLE, id="truncated-jpeg"),
    pytest.param("logo.svg", SVG_WITH_SCRIPT, "not a supported image format", id="svg-script"),
    pytest.param("logo.svg", SVG_PLAIN, "not a supported image format", id="svg-plain"),
    pytest.param("logo.png", SVG_WITH_SCRIPT, "not a valid .png image", id="svg-named-png"),
]  # fmt: skip


def assert_nothing_stored(s3):
    assert not get_image_model().objects.exists()
    assert s3.list_keys() == []


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_a_bad_upload_is_refused_on_the_add_image_page(s3, admin_client, name, content, message):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Bad", "file": upload(name, content)}
    )

    assert response.status_code == 200  # the form again, with the error
    assert message.lower() in response.content.decode().lower()
    assert_nothing_stored(s3)


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_a_bad_upload_is_refused_by_the_multiple_uploader(s3, admin_client, name, content, message):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.json()["success"] is False
    assert message.lower() in response.json()["error_message"].lower()
    assert_nothing_stored(s3)


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_a_bad_upload_is_refused_by_the_api(s3, client, name, content, message):
    contributor = get_user_model().objects.create_user("writer", "w@example.com", "pw-1")
    contributor.groups.add(Group.objects.get(name=CONTRIBUTORS))  # may add images
    _, token = APIToken.create_token(user=contributor, name="script")

    response = client.post(
        "/api/v3/images/",
        {"title": "Bad", "file": upload(name, content)},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 422, response.content
    assert message.lower() in " ".join(e["msg"] for e in response.json()["errors"]).lower()
    assert_nothing_stored(s3)


def test_a_file_over_the_limit_is_refused(s3, admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2000  # IMAGE_MAX_UPLOAD_BYTES in production
    noisy = PILImage.frombytes("RGB", (300, 300), bytes(range(256)) * 1055)
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    content = buffer.getvalue()
    assert len(content) > 2000

    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Big", "file": upload("big.png", content)}
    )

    text = response.content.decode()
    assert "This file is too big" in text
    assert "Maximum filesize 2.0\xa0KB" in text
    assert_nothing_stored(s3)


def test_an_image_with_too_many_pixels_is_refused_from_its_header_before_any_decode(
    s3, admin_client, monkeypatch
):
    # 13,000 x 13,000 = 169 million pixels in a few kilobytes of PNG; the limit is 50 million.
    buffer = io.BytesIO()
    PILImage.new("1", (13_000, 13_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000

    def no_decoding(image):
        raise AssertionError("the image was decoded")

    # Wagtail measures an upload by decoding it (Willow's Pillow plugin loads the image).
    with monkeypatch.context() as patch:
        patch.setattr(PILImageFile.ImageFile, "load", no_decoding)
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {"title": "Bomb", "file": upload("bomb.png", buffer.getvalue())},
        )

    assert (
        "This image has too many pixels: 13,000 \u00d7 13,000 = 169,000,000, over the limit "
        "of 50,000,000." in response.content.decode()
    )
    assert_nothing_stored(s3)


def test_the_chooser_upload_refuses_a_truncated_jpeg(s3, admin_client):
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Cover",
            "image-chooser-upload-file": upload("cover.jpg", truncated_jpeg()),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert NOT_READABLE in response.json()["htmlFragment"]
    assert_nothing_stored(s3)


def test_replacing_an_image_with_a_truncated_file_keeps_the_old_one(s3, admin_client):
    image = get_image_model().objects.get(
        pk=admin_client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload("good.png", image_bytes())},
            headers={"x-requested-with": "XMLHttpRequest"},
        ).json()["image_id"]
    )

    response = admin_client.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {"title": "Good", "file": upload("cover.jpg", truncated_jpeg())},
    )

    assert NOT_READABLE in response.content.decode()
    image.refresh_from_db()
    assert image.file.name.endswith("good.png")
    assert s3.list_keys(prefix="original_images/") == [image.file.name]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", image_bytes("JPEG")),
        ("photo.jpeg", image_bytes("JPEG")),
        ("diagram.png", image_bytes("PNG")),
        ("drawing.webp", image_bytes("WEBP")),
        ("photo.avif", image_bytes("AVIF")),
        ("loop.gif", animated_gif()),
    ],
)
def test_good_images_in_every_accepted_format_are_stored(s3, admin_client, name, content):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.json()["success"], response.json()
    image = get_image_model().objects.get()
    assert s3.list_keys() == [image.file.name]


def test_a_damaged_later_frame_is_caught():
    content = animated_gif(frames=4)
    upload_file = upload("loop.gif", content[:-40])
    upload_file.seek(0)
    with pytest.raises(Exception, match="could not be read"):
        check_image_decodes(upload_file)
