"""The end of an article and its first screen, as readers see them in Chromium: the first
paragraph of a story and of a tutorial is on the first screen on a phone and a laptop, the
share row copies the page's address, and the series page and author cards never make a
page scroll sideways."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blog.tests import factories as f
from blog.tests.test_accessibility_browser import BODY_BACKGROUND, WCAG_A_AA, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LONG_WORD = "Supercalifragilisticexpialidociousbackendjourneyswithoutspaces"  # 62 characters

# The demo's longest realistic values (demo/content/): its longest title, its longest
# summary, a byline of three, a cover, a place, three prerequisites and a series.
STORY_TITLE = "From the till to the terminal: how a supermarket queue led me to Django"
TUTORIAL_TITLE = "Finding and fixing a slow query with EXPLAIN and the right index"
SUMMARY = (
    "Build a two-million-row table, read an EXPLAIN ANALYZE plan from the inside out, add a "
    "composite index that matches both the filter and the sort, and ship it from Django "
    "without blocking writes."
)
FIRST_PARAGRAPH = (
    "The orders page took eleven seconds on a Monday morning, and the support inbox noticed "
    "before our monitoring did. This is how we found the query, read its plan and fixed it."
)
BODY = f"{FIRST_PARAGRAPH}\n\n## The situation\n\nMore text.\n\n## The plan\n\nEven more.\n"
# A demo tutorial starts with a heading, the longest of them this one.
TUTORIAL_BODY = f"## Why the app should not connect as the owner\n\n{BODY}"

# The top of the body's first paragraph, from the top of the page, and the window's height.
FIRST_PARAGRAPH_TOP = """() => {
  const p = document.querySelector(".prose p");
  return [p.getBoundingClientRect().top + window.scrollY, window.innerHeight, p.textContent];
}"""


def _byline():
    return [
        f.author(name="Nguyễn Thị Lan", avatar=f.image()),
        f.author(name="Priya Raghunathan", avatar=f.image()),
        f.author(name="Rafael Ortega Hernández", avatar=f.image()),
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_the_first_paragraph_is_on_the_first_screen(
    live_server, browser, viewport, record_property
):
    authors = _byline()
    story = f.story(
        title=STORY_TITLE, summary=SUMMARY, body=BODY, authors=authors, cover_image=f.image(),
        starting_point="retail cashier", country="KE", city="Nairobi", journey_started_year=2019,
    )  # fmt: skip
    tutorial = f.tutorial(
        title=TUTORIAL_TITLE, summary=SUMMARY, body=TUTORIAL_BODY, authors=authors,
        cover_image=f.image(),
        difficulty="intermediate", estimated_minutes=50,
        prerequisites="PostgreSQL 14 or newer, running locally or in a container\n"
        "psql, or another SQL client you are comfortable with\n"
        "Confidence writing basic SELECT queries",
        series=f.series(title="PostgreSQL for application developers"), series_position=1,
    )  # fmt: skip
    page = browser.new_page(viewport=viewport)
    margins = []
    for article in (story, tutorial):
        page.goto(live_server.url + article.url)
        top, height, text = page.evaluate(FIRST_PARAGRAPH_TOP)
        assert text == FIRST_PARAGRAPH
        margins.append(f"{article.kind.key} {height - top:.0f} px")
        # Its first line is on the first screen, not only its top edge.
        assert top + 30 < height, (article.kind.key, viewport, top, height)
    record_property("figures", f"first paragraph, room left at {viewport}: {', '.join(margins)}")
    page.close()


def test_copy_link_puts_the_address_on_the_clipboard(live_server, browser):
    story = f.story(title="Worth sharing", body=BODY)
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + story.url)
    address = live_server.url + story.url
    expect(page.get_by_label("Address of this page")).to_have_value(address)
    copy = page.get_by_role("button", name="Copy link")
    copy.click()
    expect(page.locator(".share__button.is-copied")).to_have_text("Copied")
    expect(page.locator("[data-share-status]")).to_have_text(
        "The link to this page is copied to the clipboard."
    )
    assert page.evaluate("navigator.clipboard.readText()") == address
    # The system share sheet is offered only where the browser has one.
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator("[data-share-system]").is_visible() == has_share
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts <= {"localhost", "127.0.0.1"}, hosts
    context.close()


def test_without_javascript_the_address_is_there_and_no_button_is_shown(live_server, browser):
    story = f.story(title="Worth sharing", body=BODY)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + story.url)
    expect(page.get_by_label("Address of this page")).to_have_value(live_server.url + story.url)
    expect(page.locator("[data-share-copy]")).to_be_hidden()
    expect(page.locator("[data-share-system]")).to_be_hidden()
    context.close()


def _long_word_content():
    author = f.author(
        name=f"Amina {LONG_WORD}", avatar=f.image(), bio=f"Writes about {LONG_WORD}.",
        location=LONG_WORD,
    )  # fmt: skip
    series = f.series(title=f"The {LONG_WORD} series", slug="long-series")
    series.description = f"A series about {LONG_WORD}."
    series.save()
    first = f.tutorial(
        title=f"Part one of {LONG_WORD}", body=BODY, authors=[author], series=series,
        series_position=1, cover_image=f.image(),
    )  # fmt: skip
    second = f.tutorial(
        title=f"Part two of {LONG_WORD}", body=BODY, authors=[author], series=series,
        series_position=2,
    )  # fmt: skip
    story = f.story(title=f"A story of {LONG_WORD}", body=BODY, authors=[author])
    return first, second, story


def test_series_and_author_cards_never_scroll_sideways_on_a_phone(live_server, browser):
    first, second, story = _long_word_content()
    page = browser.new_page(viewport=PHONE)
    for path in ("/tutorials/series/long-series/", first.url, second.url, story.url):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert LONG_WORD in page.content(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_series_page_and_article_ends_have_no_wcag_violations(live_server, browser, scheme):
    first, second, story = _long_word_content()
    other = f.author(name="Rafael Ortega", avatar=f.image(), bio="Mentor in *Guadalajara*.")
    f.story(title="Another by Rafael", authors=[other])
    story_by_two = f.story(title="Two writers", body=BODY, authors=[other, f.author()])
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    failures = {}
    paths = ["/tutorials/series/long-series/", first.url, second.url, story.url, story_by_two.url]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        background = page.evaluate(BODY_BACKGROUND)
        assert (sum(background) / 3 < 64) == (scheme == "dark"), (path, scheme, background)
        # With the facts box's lists open, as a reader opens them.
        for summary in page.locator(".facts-box summary").all():
            summary.click()
        results = axe.run(page, options=WCAG_A_AA)
        if results.violations_count:
            failures[path] = describe(results)
    context.close()
    assert failures == {}, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())


def test_every_demo_piece_shows_its_first_paragraph_on_the_first_screen(
    live_server, browser, record_property
):
    from blog.models import ArticlePage
    from demo.loader import DemoLoader

    DemoLoader(with_accounts=False).run()
    pieces = list(ArticlePage.objects.visible().order_by("path"))
    assert len(pieces) >= 10
    least = {}
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport)
        for piece in pieces:
            page.goto(live_server.url + piece.url)
            top, height, _ = page.evaluate(FIRST_PARAGRAPH_TOP)
            assert top + 30 < height, (piece.url, viewport, top)
            least[viewport["width"]] = min(least.get(viewport["width"], height), height - top)
        page.close()
    record_property("figures", f"demo pieces, least room left below the first paragraph: {least}")
