"""The whole loop in real Chromium: a visitor signs up and confirms, writes a journey story
with a cover image, previews and submits it; an editor requests changes with a comment; the
writer sees the comment, edits and resubmits; the editor approves; a reader sees it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from blog.tests import factories as f
from editorial.tests.signup_steps import sign_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "quiet-harbour-lights-42"
EDITOR_PASSWORD = "editor-desk-lamp-77"
COMMENT = "Lovely start! Please add the year you got your first backend job."


def log_in(page, base, username, password):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def choose_action(page, label):
    """Click an entry of the editor's footer action menu, opening the dropdown if needed."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    button.click()


def test_sign_up_write_review_and_publish(live_server, browser, settings, tmp_path, request):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    f.story_index(), f.author_index()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user(
        "edna", "edna@example.com", EDITOR_PASSWORD, first_name="Edna"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    base = live_server.url
    mail.outbox = []

    # A visitor signs up and confirms the address from the captured email.
    writer = browser.new_page()
    writer.goto(base + "/")
    writer.locator("header.site-header").get_by_role("link", name="Write for us").click()
    link = sign_up(writer, name="Wanjiku Njeri", email="wanjiku@example.com", password=PASSWORD)
    # One button (no second password) signs them in; then the profile step and Write.
    writer.goto(link)
    writer.get_by_role("button", name="Confirm and start writing").click()
    writer.wait_for_url(base + "/write-for-us/profile/")
    writer.get_by_label("A short bio").fill("Market trader turned Django developer.")
    writer.get_by_role("button", name="Save and start writing").click()
    writer.wait_for_url(base + "/admin/write/")

    # They write a journey story in Markdown with a cover image, preview it and submit it.
    index = f.story_index()
    writer.goto(f"{base}/admin/pages/add/blog/journeystorypage/{index.pk}/")
    writer.locator("#id_title").fill("From market stall to migrations")
    writer.locator("#id_summary").fill("How selling tomatoes taught me to think in queues.")
    writer.locator(".CodeMirror").first.click()
    writer.keyboard.type("## The stall\n\nEvery Saturday I counted crates.\n\n")
    writer.locator("#id_starting_point").fill("market trader")
    cover = tmp_path / "cover.png"
    from PIL import Image

    Image.new("RGB", (1200, 675), (20, 110, 90)).save(cover)
    writer.get_by_role("button", name="Choose an image").click()
    modal = writer.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(cover))
    modal.locator("input[name='image-chooser-upload-title']").fill("Crates at dawn")
    modal.get_by_role("button", name="Upload").click()
    expect(writer.locator("#id_cover_image-title")).to_contain_text("Crates at dawn")
    writer.get_by_role("button", name="Save draft").click()
    expect(writer.locator(".messages")).to_contain_text("created")

    writer.get_by_role("button", name="Toggle preview").click()
    preview = writer.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("From market stall to migrations")
    expect(preview.locator(".prose h2")).to_have_text("The stall")
    writer.get_by_role("button", name="Toggle preview").click()

    choose_action(writer, "Submit to Editorial review")
    expect(writer.locator(".messages")).to_contain_text("is now In review")
    submission = [m for m in mail.outbox if "edna@example.com" in m.to]
    assert submission and "From market stall to migrations" in submission[0].subject

    # The editor finds it in the review queue and requests changes with a comment.
    desk = browser.new_page()
    log_in(desk, base, "edna", EDITOR_PASSWORD)
    desk.get_by_role("link", name="Open the review queue").click()
    desk.get_by_role("link", name="From market stall to migrations").click()
    desk.get_by_label("Your note to the writer").fill(COMMENT)
    desk.get_by_role("button", name="Request changes").click()
    expect(desk.locator(".messages")).to_contain_text("Sent back to Wanjiku Njeri with your note.")
    desk.wait_for_url(base + "/admin/desk/")

    # The writer sees the comment, edits and resubmits.
    writer.goto(base + "/admin/")
    row = writer.locator("tr[data-status=changes_requested]")
    expect(row).to_contain_text(COMMENT)
    row.get_by_role("link").first.click()
    writer.locator(".CodeMirror").first.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.type("\n\n## First job\n\nIn 2023 I shipped my first migration.\n")
    choose_action(writer, "Resubmit to Editors' review")
    expect(writer.locator(".messages")).to_contain_text("is now In review")

    # The editor sees what changed since the request, approves; a reader sees the story.
    desk.goto(base + "/admin/desk/")
    desk.get_by_role("link", name="From market stall to migrations").click()
    desk.get_by_role("link", name="What changed since you last reviewed it").click()
    expect(desk.locator("main")).to_contain_text("In 2023 I shipped my first migration.")
    desk.go_back()
    desk.get_by_role("button", name="Approve and publish").click()
    expect(desk.locator(".messages")).to_contain_text("Approved and published.")

    reader = browser.new_context().new_page()
    reader.goto(base + "/journeys/")
    reader.get_by_role("link", name="From market stall to migrations").click()
    expect(reader.locator("h1")).to_have_text("From market stall to migrations")
    expect(reader.locator(".prose")).to_contain_text("In 2023 I shipped my first migration.")
    expect(reader.locator(".byline")).to_contain_text("Wanjiku Njeri")
    # Their profile went public with the piece: the byline links to it.
    expect(reader.locator(".byline a")).to_have_attribute("href", "/authors/wanjiku-njeri/")
    assert reader.locator("figure.cover img").get_attribute("src")
