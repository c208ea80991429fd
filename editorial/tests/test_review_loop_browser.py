"""The whole loop in real Chromium, as a new contributor and an editor meet it (issue 15,
acceptance 1).

A visitor signs up, confirms with one button (no second password), fills the profile step,
clicks "Write" in the site header and "New journey story", writes a body with a heading, a
code block and a picture added with the toolbar's picture button, previews and submits it.
An editor finds it in the review queue and requests changes with a note; the writer sees the
note, edits and resubmits; the editor sees the writer's change in "What changed since you
last reviewed it" and schedules it; the scheduled publish puts it live with a byline linked
to the writer's profile, and the writer is listed on /authors/. At each step the status word
(Draft, In review, Changes requested, Scheduled, Published) is checked where the writer
(their dashboard, the editor's status panel) and the editor (the queue, the review screen)
see it."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blog.models import JourneyStoryPage
from editorial.tests.signup_steps import desk_with_an_editor, sign_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "quiet-harbour-lights-42"
EDITOR_PASSWORD = "editor-desk-lamp-77"
TITLE = "From market stall to migrations"
NOTE = "Lovely start! Please add the year you got your first backend job."
CHANGE = "In 2023 I shipped my first migration."
CODE = 'print("crates counted")'


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


def png(size, colour):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def editor_text(page):
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def type_in_body(page, text):
    """Type at the end of the Markdown body, as a writer does."""
    page.locator(".CodeMirror").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def expect_on_dashboard(page, base, status, label):
    """The writer's dashboard ("Your stories and tutorials") shows the piece in ``label``."""
    page.goto(base + "/admin/")
    row = page.locator("section", has=page.locator("#writer-pieces-heading")).locator(
        "tr", has=page.get_by_role("link", name=TITLE)
    )
    expect(row).to_have_attribute("data-status", status)
    expect(row.locator(".writer-pieces__status .w-status")).to_have_text(label)
    return row


def expect_status_panel(page, edit_url, label):
    """The editor's Status side panel names the piece's state in the same word."""
    if page.url != edit_url:
        page.goto(edit_url)
    page.get_by_role("button", name="Toggle status").click()
    panel = page.locator("[data-side-panel=status]")
    expect(panel).to_be_visible()
    states = panel.get_by_role("heading", level=3, name=re.compile(r"^Status:"))
    expect(states).to_have_text([f"Status: {label}"])
    page.get_by_role("button", name="Toggle status").click()


def test_sign_up_write_review_schedule_and_publish(live_server, browser, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    desk_with_an_editor(password=EDITOR_PASSWORD)
    base = live_server.url
    mail.outbox = []

    # A visitor signs up; one button in the emailed link (no second password) signs them
    # in; then the profile step, and Write.
    writer = browser.new_context().new_page()
    writer.goto(base + "/")
    writer.locator("header.site-header").get_by_role("link", name="Write for us").click()
    link = sign_up(writer, name="Wanjiku Njeri", email="wanjiku@example.com", password=PASSWORD)
    writer.goto(link)
    expect(writer.locator("main input[type=password]")).to_have_count(0)
    writer.get_by_role("button", name="Confirm and start writing").click()
    writer.wait_for_url(base + "/write-for-us/profile/")
    writer.get_by_label("A short bio").fill("Market trader turned Django developer.")
    writer.get_by_role("button", name="Save and start writing").click()
    writer.wait_for_url(base + "/admin/write/")

    # From the site: Write, then "New journey story".
    writer.goto(base + "/")
    writer.locator("header.site-header").get_by_role("link", name="Write", exact=True).click()
    writer.wait_for_url(base + "/admin/write/")
    writer.get_by_role("link", name="New journey story").click()
    writer.wait_for_url(re.compile(r".*/admin/pages/add/blog/journeystorypage/\d+/$"))

    # A story with a heading, a code block and a picture added with the picture button.
    writer.locator("#id_title").fill(TITLE)
    writer.locator("#id_summary").fill("How selling tomatoes taught me to think in queues.")
    writer.locator("#id_starting_point").fill("market trader")
    type_in_body(writer, "## The stall\n\nEvery Saturday I counted crates.\n\n")
    type_in_body(writer, f"```python\n{CODE}\n```\n\n")
    writer.get_by_role("button", name="Add a picture").click()
    dialog = writer.get_by_role("dialog", name="Add a picture")
    crates = tmp_path / "crates.png"
    crates.write_bytes(png((1200, 800), (20, 110, 90)))
    dialog.locator("input[type=file]").set_input_files(str(crates))
    dialog.get_by_label("Describe it for readers who cannot see it").fill("Crates at dawn")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    assert re.search(r"!\[Crates at dawn\]\(image:\d+\)", editor_text(writer))
    writer.get_by_role("button", name="Save draft").click()
    # Autosave may have created the page already: then the click saves it.
    saved = re.compile(rf"Draft created: “{TITLE}”\.|Saved\. Status: Draft\.")
    expect(writer.locator(".messages")).to_contain_text(saved, timeout=20_000)
    assert JourneyStoryPage.objects.filter(title=TITLE).count() == 1
    story_edit_url = writer.url
    assert re.fullmatch(rf"{base}/admin/pages/\d+/edit/", story_edit_url)
    expect_status_panel(writer, story_edit_url, "Draft")

    # The preview shows the heading, the code and the picture as a responsive rendition.
    writer.get_by_role("button", name="Toggle preview").click()
    preview = writer.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator(".prose h2")).to_have_text("The stall")
    expect(preview.locator(".prose pre code")).to_have_text(CODE)
    picture = preview.locator(".prose picture")
    expect(picture.locator("img")).to_have_attribute("alt", "Crates at dawn")
    expect(picture.locator("img")).to_have_attribute("srcset", re.compile(r" 480w"))
    expect(picture.locator('source[type="image/webp"]')).to_have_count(1)
    writer.get_by_role("button", name="Toggle preview").click()
    expect_on_dashboard(writer, base, "draft", "Draft")
    writer.goto(story_edit_url)

    choose_action(writer, "Submit to Editorial review")
    expect(writer.locator(".messages")).to_contain_text(f"“{TITLE}” is now In review")
    expect_status_panel(writer, story_edit_url, "In review")
    submission = [m for m in mail.outbox if "edna@example.com" in m.to]
    assert submission and TITLE in submission[0].subject
    expect_on_dashboard(writer, base, "in_review", "In review")

    # The editor: the queue lists it, In review; they request changes with a note.
    desk = browser.new_context().new_page()
    log_in(desk, base, "edna", EDITOR_PASSWORD)
    desk.get_by_role("link", name="Open the review queue").click()
    desk.wait_for_url(base + "/admin/desk/")
    waiting = desk.locator(".editorial-desk__queue tbody tr", has_text=TITLE)
    expect(waiting).to_contain_text("Wanjiku Njeri")
    expect(waiting.locator(".w-status")).to_have_text("In review")
    waiting.get_by_role("link", name=TITLE).click()
    expect(desk.locator("[data-status]")).to_have_text("In review")
    desk.get_by_label("Your note to the writer").fill(NOTE)
    desk.get_by_role("button", name="Request changes").click()
    desk.wait_for_url(base + "/admin/desk/")
    expect(desk.locator(".messages")).to_contain_text("Sent back to Wanjiku Njeri with your note.")
    expect(desk.locator(".editorial-desk")).not_to_contain_text(TITLE)

    # The writer sees the note where the piece is listed, edits and resubmits.
    row = expect_on_dashboard(writer, base, "changes_requested", "Changes requested")
    expect(row.locator(".writer-pieces__note")).to_contain_text(NOTE)
    expect(row.locator(".writer-pieces__note")).to_contain_text("Edna")
    row.get_by_role("link", name=TITLE).click()
    expect_status_panel(writer, story_edit_url, "Changes requested")
    type_in_body(writer, f"\n\n## First job\n\n{CHANGE}\n")
    choose_action(writer, "Resubmit to Editors' review")
    expect(writer.locator(".messages")).to_contain_text(f"“{TITLE}” is now In review")
    expect_status_panel(writer, story_edit_url, "In review")
    expect_on_dashboard(writer, base, "in_review", "In review")

    # The editor: back in the queue, resubmitted; the comparison shows the writer's change.
    desk.goto(base + "/admin/desk/")
    waiting = desk.locator(".editorial-desk__queue tbody tr", has_text=TITLE)
    expect(waiting).to_contain_text("resubmitted after changes")
    waiting.get_by_role("link", name=TITLE).click()
    review_url = desk.url
    desk.get_by_role("link", name="What changed since you last reviewed it").click()
    expect(desk.locator("main")).to_contain_text(CHANGE)
    expect(desk.locator("main .addition", has_text=CHANGE).first).to_be_visible()
    desk.goto(review_url)

    # They schedule it: "Scheduled", for the writer too; the queue is empty.
    go_live = (timezone.now() + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    desk.get_by_label("Go live at (UTC)").fill(go_live.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_role("button", name="Approve and schedule").click()
    desk.wait_for_url(base + "/admin/desk/")
    expect(desk.locator(".messages")).to_contain_text(  # the year, at the turn of one
        re.compile(rf"Scheduled for {go_live.day} {go_live:%B}( \d{{4}})?, {go_live:%H:%M} UTC\.")
    )
    expect(desk.locator(".editorial-desk")).to_contain_text("Nothing is waiting for review.")
    story = JourneyStoryPage.objects.get(title=TITLE)
    assert not story.live
    desk.goto(review_url)
    expect(desk.locator("[data-status]")).to_have_text("Scheduled")
    row = expect_on_dashboard(writer, base, "scheduled", "Scheduled")
    expect(row).to_contain_text(f"{go_live.day} {go_live:%B %Y}, {go_live:%H:%M}")
    row.get_by_role("link", name=TITLE).click()
    expect_status_panel(writer, story_edit_url, "Scheduled")

    # Nobody reads it before its time; when the worker's publish_scheduled runs after it
    # (the clock moved on past the go-live time for the command alone, rather than waiting
    # two minutes), it goes live at its public URL with a byline linked to the writer's
    # profile.
    early = browser.new_context().new_page()
    assert early.goto(base + story.url).status == 404
    early.context.close()  # its browser may keep that answer for a minute, as readers' do
    with mock.patch.object(timezone, "now", return_value=go_live + datetime.timedelta(seconds=1)):
        call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live
    reader = browser.new_context().new_page()
    reader.goto(base + story.url)
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".prose h2").first).to_have_text("The stall")
    expect(reader.locator(".prose pre code")).to_have_text(CODE)
    expect(reader.locator(".prose")).to_contain_text(CHANGE)
    img = reader.locator(".prose picture img")
    expect(img).to_have_attribute("srcset", re.compile(r"/media/images/\S+ 480w"))
    byline = reader.locator(".byline").get_by_role("link", name="Wanjiku Njeri")
    expect(byline).to_have_attribute("href", "/authors/wanjiku-njeri/")
    byline.click()
    expect(reader.locator("h1")).to_have_text("Wanjiku Njeri")
    reader.goto(base + "/authors/")
    expect(reader.get_by_role("link", name="Wanjiku Njeri")).to_have_attribute(
        "href", "/authors/wanjiku-njeri/"
    )

    # Published, for the writer and the editor alike.
    row = expect_on_dashboard(writer, base, "published", "Published")
    row.get_by_role("link", name=TITLE).click()
    expect_status_panel(writer, story_edit_url, "Published")
    desk.goto(review_url)
    expect(desk.locator("[data-status]")).to_have_text("Published")
