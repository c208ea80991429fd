"""In real Chromium, with media on (moto's) S3: a writer adds a picture to a story's text
with the editor's picture button; once published, a reader's browser loads it from the
bucket's public renditions, by unsigned URLs that do not expire, and never the original."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS
from editorial.tests.test_review_loop_browser import log_in

from .helpers import image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "gulls-over-the-quay-19"


def test_a_picture_added_with_the_button_is_served_from_the_public_renditions(
    s3, live_server, browser, tmp_path, settings
):
    f.author_index()
    index = f.story_index()
    user = get_user_model().objects.create_user("amina", "amina@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    f.author(name="Amina", user=user)
    picture = tmp_path / "quay.jpg"
    picture.write_bytes(image_bytes("JPEG", size=(1600, 900), colour=(25, 60, 140)))
    base = live_server.url
    bucket_url = f"{s3.endpoint}/{s3.bucket}/"

    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    writer = context.new_page()
    log_in(writer, base, "amina", PASSWORD)
    writer.goto(f"{base}/admin/pages/add/blog/journeystorypage/{index.pk}/")
    writer.locator("#id_title").fill("Gulls over the quay")
    writer.locator("#id_summary").fill("Mornings at the harbour.")
    writer.locator("#id_starting_point").fill("dock clerk")
    writer.locator(".CodeMirror").first.click()
    writer.keyboard.type("## The quay\n\n")
    writer.get_by_role("button", name="Add a picture").click()
    dialog = writer.get_by_role("dialog", name="Add a picture")
    dialog.locator("input[type=file]").set_input_files(str(picture))
    dialog.get_by_label("Describe it for readers who cannot see it").fill("Gulls over the quay")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden(timeout=20_000)
    writer.get_by_role("button", name="Save draft").click()
    # Autosave may have created the page already: then the click saves it.
    saved = re.compile(r"Draft created|Saved\. Status: Draft\.")
    expect(writer.locator(".messages")).to_contain_text(saved, timeout=20_000)

    story = JourneyStoryPage.objects.get(title="Gulls over the quay")
    story.get_latest_revision().publish()
    reader = browser.new_context()
    reader.on("request", lambda request: requests.append(request.url))
    view = reader.new_page()
    view.goto(base + story.url)
    img = view.locator(".prose picture img")
    expect(img).to_have_attribute("alt", "Gulls over the quay")
    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True)
    assert img.evaluate("el => el.naturalWidth") > 0  # fetched from the bucket and decoded
    loaded = img.evaluate("el => el.currentSrc")
    assert loaded.startswith(bucket_url + "public/images/") and loaded.endswith(".webp")
    srcsets = view.locator(".prose picture").evaluate(
        "el => [...el.querySelectorAll('[srcset]')].map(e => e.getAttribute('srcset')).join(',')"
    )
    urls = [part.strip().split(" ")[0] for part in srcsets.split(",")]
    assert len(urls) >= 4
    public = s3.list_keys(prefix="public/images/")
    for url in urls:
        assert url.removeprefix(bucket_url) in public, url
        # Unsigned: nothing in the address expires, so it loads an hour later as now.
        assert not {"X-Amz-Signature", "X-Amz-Expires", "Expires"} & set(
            parse_qs(urlsplit(url).query)
        )
    original = story.get_latest_revision_as_object().body_html
    assert "original_images" not in original and "original_images" not in view.content()

    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts
    context.close()
    reader.close()
