"""In real Chromium, with media on (moto's) S3: an editor uploads a cover image through the
page editor's chooser, publishes, and a reader's browser loads the cover from the bucket."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.images import get_image_model

from blog.tests import factories as f
from editorial.tests.test_review_loop_browser import choose_action, log_in

from .helpers import S3, image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "harbour-lights-at-dawn-31"


def test_a_cover_uploaded_in_the_admin_is_served_from_the_bucket(
    s3, live_server, browser, tmp_path
):
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    story = f.story(title="From the night shift to Django")
    cover = tmp_path / "night-shift.jpg"
    cover.write_bytes(image_bytes("JPEG", size=(1280, 720), colour=(25, 60, 140)))
    base = live_server.url

    editor = browser.new_page()
    log_in(editor, base, "chief", PASSWORD)
    editor.goto(f"{base}/admin/pages/{story.pk}/edit/")
    editor.get_by_role("button", name="Choose an image").click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(cover))
    modal.locator("input[name='image-chooser-upload-title']").fill("Night shift")
    modal.get_by_role("button", name="Upload").click()
    expect(editor.locator("#id_cover_image-title")).to_contain_text("Night shift")
    choose_action(editor, "Publish")
    expect(editor.locator(".messages")).to_contain_text("published")

    image = get_image_model().objects.get(title="Night shift")
    assert s3.list_keys(prefix="original_images/") == [image.file.name]

    reader = browser.new_context().new_page()
    reader.goto(base + story.url)
    img = reader.locator("figure.cover img")
    bucket_url = f"{s3.endpoint}/{s3.bucket}/"
    expect(img).to_have_attribute("src", re.compile(re.escape(bucket_url + "public/images/")))
    src = img.get_attribute("src")
    expect(img).to_have_js_property("complete", True)
    loaded = img.evaluate("el => el.currentSrc")  # the <picture> source the browser chose
    assert loaded.startswith(bucket_url + "public/images/night-shift")
    assert img.evaluate("el => el.naturalWidth") > 0  # fetched from the bucket and decoded
    public = s3.list_keys(prefix="public/")
    assert src.removeprefix(bucket_url) in public
    assert loaded.removeprefix(bucket_url) in public


def test_with_the_store_stopped_the_chooser_says_the_cover_was_not_stored(
    own_s3_server, settings, monkeypatch, live_server, browser, tmp_path
):
    s3 = S3(server=own_s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    shown = f.story(title="Harbour lights", cover_image=f.image())
    story = f.story(title="From the night shift to Django")
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + shown.url)  # its renditions made while the store is up
    cover = tmp_path / "night-shift.jpg"
    cover.write_bytes(image_bytes("JPEG", size=(1280, 720), colour=(25, 60, 140)))
    images_before = get_image_model().objects.count()

    editor = browser.new_page()
    log_in(editor, live_server.url, "chief", PASSWORD)
    editor.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    own_s3_server.stop()
    editor.get_by_role("button", name="Choose an image").click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(cover))
    modal.locator("input[name='image-chooser-upload-title']").fill("Night shift")
    modal.get_by_role("button", name="Upload").click()

    expect(modal).to_contain_text("The file could not be stored: the media storage is not")
    expect(modal).not_to_contain_text("Server Error")
    expect(modal.locator("input[name='image-chooser-upload-title']")).to_have_value("Night shift")
    assert get_image_model().objects.count() == images_before
    response = reader.goto(live_server.url + shown.url)
    assert response.status == 200
    expect(reader.locator("figure.cover img")).to_have_attribute(
        "src", re.compile(re.escape(f"{s3.endpoint}/{s3.bucket}/public/images/"))
    )
