"""The Markdown editor a writer gets, in real Chromium: every toolbar button has a name and
draws its icon, with no request leaving the live server; the picture button and a paste
upload a picture with its alt text (refused without one) and insert its reference, which
the published page shows as a responsive rendition; the help button opens our own page,
which axe finds no WCAG violation on; Wagtail's technical fields are out of the way."""

import base64
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect
from wagtail.images import get_image_model

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from blog.tests.test_accessibility_browser import WCAG_A_AA, describe

from .signup_steps import a_writer
from .test_review_loop_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "lantern-over-the-ledger-58"
TOOLBAR = ".EasyMDEContainer .editor-toolbar"
BUTTON_NAMES = [
    "Bold", "Italic", "Heading", "Quote", "Code", "Bulleted list", "Numbered list", "Link",
    "Add a picture", "Table", "Dividing line", "Markdown help (opens in a new tab)",
]  # fmt: skip
# Each toolbar icon: its box, and the mask EasyMDE's empty <i> is painted through.
ICON_STYLE = """els => els.map(el => {
  const i = el.querySelector("i");
  const style = i && getComputedStyle(i);
  const box = i && i.getBoundingClientRect();
  return {
    name: el.getAttribute("aria-label") || el.getAttribute("title") || "",
    title: el.getAttribute("title") || "",
    mask: style ? (style.maskImage || style.webkitMaskImage) : "",
    width: box ? box.width : 0,
    height: box ? box.height : 0,
  };
})"""
PASTE = """([data, name]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  const target = document.querySelector(".CodeMirror textarea");
  target.dispatchEvent(new ClipboardEvent("paste", {
    clipboardData: transfer, bubbles: true, cancelable: true,
  }));
}"""
DROP = """([data, name]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  const target = document.querySelector(".CodeMirror-lines");
  const box = target.getBoundingClientRect();
  target.dispatchEvent(new DragEvent("drop", {
    dataTransfer: transfer, bubbles: true, cancelable: true,
    clientX: box.left + 5, clientY: box.top + 5,
  }));
}"""


def png(size, colour):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def has_two_colours(png_bytes):
    extrema = Image.open(io.BytesIO(png_bytes)).convert("RGB").getextrema()
    return any(low != high for low, high in extrema)


def editor_text(page):
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


@pytest.fixture
def writer(db):
    return a_writer(password=PASSWORD)


def test_the_writers_editor(live_server, browser, writer, tmp_path, settings):
    base = live_server.url
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    log_in(page, base, "wanjiku", PASSWORD)
    index = f.story_index()
    page.goto(f"{base}/admin/pages/add/blog/journeystorypage/{index.pk}/")
    page.wait_for_load_state("networkidle")

    # Every button is named and draws an icon of our own.
    buttons = page.locator(f"{TOOLBAR} button")
    expect(buttons).to_have_count(len(BUTTON_NAMES))
    icons = buttons.evaluate_all(ICON_STYLE)
    assert [icon["name"] for icon in icons] == BUTTON_NAMES
    for icon in icons:
        assert icon["title"], icon
        assert icon["width"] >= 12 and icon["height"] >= 12, icon
        icon_url = re.escape(base) + r"/static/icons/markdown/[\w-]+\.svg"
        assert re.fullmatch(rf'url\("?{icon_url}"?\)', icon["mask"]), icon
    for n in range(len(BUTTON_NAMES)):
        # A drawn icon: the button's picture has more than its background colour.
        shot = buttons.nth(n).locator("i").screenshot()
        assert has_two_colours(shot), BUTTON_NAMES[n]

    # What a contributor does not need is not there; the title says how long it may be.
    assert page.locator("#id_slug, #id_seo_title, #id_show_in_menus").count() == 0
    expect(page.locator("#id_title")).to_have_attribute("maxlength", "255")
    page.locator("#id_title").fill("From market stall to migrations")
    expect(page.locator("#bj-title-count")).to_have_text("31 of 255 characters")
    page.locator("#id_summary").fill("How selling tomatoes taught me to think in queues.")
    page.locator("#id_starting_point").fill("market trader")

    # The picture button: refused without alt text, then uploaded and inserted.
    page.locator(".CodeMirror").first.click()
    page.keyboard.type("## The stall\n\nEvery Saturday I counted crates.\n\n")
    page.get_by_role("button", name="Add a picture").click()
    dialog = page.get_by_role("dialog", name="Add a picture")
    expect(dialog).to_be_visible()
    crates = tmp_path / "crates.png"
    crates.write_bytes(png((1200, 800), (20, 110, 90)))
    dialog.locator("input[type=file]").set_input_files(str(crates))
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Describe the picture")
    assert "![" not in editor_text(page)
    results = Axe().run(page, context=".bj-image-dialog", options=WCAG_A_AA)
    assert results.violations_count == 0, describe(results)
    dialog.get_by_label("Describe it for readers who cannot see it").fill("Crates at dawn")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    first = re.search(r"!\[Crates at dawn\]\(image:(\d+)\)", editor_text(page))
    assert first, editor_text(page)

    # A pasted picture asks for its alt text too.
    page.evaluate(PASTE, [base64.b64encode(png((800, 600), (200, 90, 40))).decode(), "stall.png"])
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Picture: stall.png")
    dialog.get_by_label("Describe it for readers who cannot see it").fill("The stall at noon")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    assert re.search(r"!\[The stall at noon\]\(image:\d+\)", editor_text(page))

    # A dropped picture opens the dialog too; cancelled, nothing is uploaded or inserted.
    before, images = editor_text(page), get_image_model().objects.count()
    page.evaluate(DROP, [base64.b64encode(png((400, 300), (90, 90, 200))).decode(), "drop.png"])
    expect(dialog).to_contain_text("Picture: drop.png")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert editor_text(page) == before
    assert get_image_model().objects.count() == images

    page.get_by_role("button", name="Save draft").click()
    # Autosave may have created the page already: then the click saves it.
    saved = re.compile(r"Draft created|Saved\. Status: Draft\.")
    expect(page.locator(".messages")).to_contain_text(saved, timeout=20_000)
    assert JourneyStoryPage.objects.filter(title="From market stall to migrations").count() == 1

    # Help is our own page, one click away.
    with context.expect_page() as opened:
        page.get_by_role("button", name="Markdown help (opens in a new tab)").click()
    help_page = opened.value
    help_page.wait_for_load_state("networkidle")
    assert help_page.url == f"{base}/admin/writing-help/"
    expect(help_page.locator("h1")).to_contain_text("Writing in Markdown")
    expect(help_page.locator("body")).to_contain_text("(image:42)")
    for scheme in ("light", "dark"):
        help_page.emulate_media(color_scheme=scheme)
        results = Axe().run(help_page, options=WCAG_A_AA)
        assert results.violations_count == 0, f"{scheme}: {describe(results)}"

    # Published, the pictures are renditions with srcset, never the original.
    story = JourneyStoryPage.objects.get(title="From market stall to migrations")
    assert len(story.slug) <= 60
    story.get_latest_revision().publish()
    reader = browser.new_context()
    reader.on("request", lambda request: requests.append(request.url))
    view = reader.new_page()
    view.goto(base + story.url)
    pictures = view.locator(".prose picture")
    expect(pictures).to_have_count(2)
    expect(pictures.locator('source[type="image/webp"]')).to_have_count(2)
    img = pictures.first.locator("img")
    expect(img).to_have_attribute("alt", "Crates at dawn")
    expect(img).to_have_attribute("loading", "lazy")
    expect(img).to_have_attribute("srcset", re.compile(r"/media/images/\S+ 480w"))
    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True)
    assert img.evaluate("el => el.naturalWidth") > 0
    assert img.evaluate("el => el.currentSrc").endswith(".webp")
    assert "original_images" not in view.content()

    outside = [url for url in requests if not url.startswith((base, "data:", "blob:"))]
    assert outside == []
    reader.close()
    context.close()
