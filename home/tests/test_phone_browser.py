"""Phones first, as readers see it in Chromium: a header at most 64 px tall at 390 px whose
menu and search open and work without JavaScript too, search results before the filters,
no sideways scroll for a long word in a query, the header's search suggestions, the read
beacon, and no axe violation on the pages this part changed, light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from blog.models import TutorialPage
from blog.tests import factories as f
from blog.tests.test_accessibility_browser import BODY_BACKGROUND, WCAG_A_AA, describe
from home.models import InfoPage, PageReadDay

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
HEADER_LIMIT = 64
LONG_WORD = "Supercalifragilisticexpialidociousbackendjourneyswithoutspaces"  # 62 characters


def site_content():
    home = f.home_page()
    for title, slug in (("About Backend Journeys", "about"), ("Code of conduct", "coc")):
        page = InfoPage(title=title, slug=slug, body="## Who we are\n\nPeople who *write*.")
        home.add_child(instance=page)
        f.publish(page)
    authors = [f.author(name="Amina Wanjiru"), f.author(name="Rafael Ortega")]
    stories = [
        f.story(title=f"Django story {n}", tags=["django", "career-change"], authors=authors,
                body=f"## Starting out\n\nDjango notes, part {n}.")
        for n in range(8)
    ]  # fmt: skip
    f.tutorial(title="Testing a Django API", tags=["django", "testing"], authors=authors[:1])
    today = timezone.now().date()
    for n, story in enumerate(stories[:4]):
        PageReadDay.objects.create(page=story, day=today, count=20 - n)
    return stories


# How many lines an element's text is laid out on.
LINES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size;
}"""


def header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_header_is_compact_and_works_without_javascript(live_server, browser, scheme):
    site_content()
    for javascript in (False, True):
        context = browser.new_context(
            viewport=PHONE, color_scheme=scheme, java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert header_height(page) <= HEADER_LIMIT, (scheme, javascript)
        assert scroll_width(page) == PHONE["width"]
        nav = page.get_by_role("navigation", name="Main")
        assert not nav.is_visible()  # behind the Menu button
        page.get_by_text("Menu", exact=True).click()
        assert nav.is_visible()
        write = page.locator(".site-header .write-link")
        assert write.evaluate(LINES) == 1, "Write for us wraps"
        assert header_height(page) <= HEADER_LIMIT  # the panel opens over the page
        nav.get_by_role("link", name="Tutorials").click()
        page.wait_for_url("**/tutorials/")

        search_box = page.locator("#bj-site-search")
        assert not search_box.is_visible()
        page.locator(".header-drawer--search > summary").click()
        assert search_box.is_visible()
        assert not nav.is_visible()  # one panel at a time
        search_box.fill("django")
        search_box.press("Enter")
        page.wait_for_url("**/search/?q=django")
        assert page.locator(".search-result").count() >= 1
        context.close()

    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert header_height(page) <= HEADER_LIMIT
    assert page.get_by_role("navigation", name="Main").is_visible()  # no button to press
    assert page.locator("#bj-site-search").is_visible()
    assert not page.locator(".header-toggle").first.is_visible()
    context.close()


def test_search_on_a_phone_shows_results_first_and_filters_behind_a_button(live_server, browser):
    site_content()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=django&tag=django")
    first = page.locator(".search-result").first.bounding_box()
    assert first["y"] < PHONE["height"], "the first result is below the first screen"
    toggle = page.locator(".search-filters__toggle")
    assert toggle.inner_text().startswith("Filters (1")
    facets = page.locator(".facet").first
    assert not facets.is_visible()
    toggle.click()
    assert facets.is_visible()
    for query in (LONG_WORD, f"django {LONG_WORD}", "x" * 500):
        page.goto(live_server.url + f"/search/?q={query}")
        assert scroll_width(page) == PHONE["width"], query
    context.close()

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=django")
    assert not page.locator(".search-filters__toggle").is_visible()
    facets = page.locator(".facet").first.bounding_box()
    first = page.locator(".search-result").first.bounding_box()
    assert facets["x"] < first["x"] and abs(facets["y"] - first["y"]) < 150  # beside
    context.close()


def test_the_header_search_suggests_as_the_search_page_does(live_server, browser):
    site_content()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/about/")
    page.locator(".header-drawer--search > summary").click()
    box = page.locator("#bj-site-search")
    assert box.evaluate("element => element === document.activeElement")
    box.press_sequentially("testing a dj")
    option = page.get_by_role("option").first
    option.wait_for()
    assert "Testing a Django API" in option.inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(live_server.url + TutorialPage.objects.get(title="Testing a Django API").url)
    context.close()


def test_a_story_read_for_a_few_seconds_is_counted_once(live_server, browser):
    story = f.story(title="Read me")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.install()
    with page.expect_request(f"**/read/{story.pk}/") as sent:
        page.goto(live_server.url + story.url)
        page.clock.run_for(5000)
    assert sent.value.method == "POST"
    assert sent.value.headers.get("cookie") is None
    page.clock.run_for(10000)
    page.wait_for_timeout(300)
    assert [row.count for row in PageReadDay.objects.filter(page_id=story.pk)] == [1]
    assert PageReadDay.objects.get().day == timezone.now().date()
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_changed_pages_have_no_wcag_violations(live_server, browser, scheme):
    site_content()
    paths = ["/", "/search/?q=django", "/search/?q=xylophonequartz", "/about/", "/coc/"]
    failures = {}
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        axe = Axe()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            background = page.evaluate(BODY_BACKGROUND)
            assert (sum(background) / 3 < 64) == (scheme == "dark"), (path, scheme)
            if path == "/":
                assert page.locator("#bj-most-read").is_visible()
            if viewport is PHONE:  # the panels and the filters open, as a reader opens them
                page.get_by_text("Menu", exact=True).click()
            results = axe.run(page, options=WCAG_A_AA)
            if results.violations_count:
                failures[f"{path} at {viewport['width']}"] = describe(results)
        context.close()
    assert failures == {}, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())
