"""Reader pages in real Chromium: hostile content runs no script, the skip link works."""

import pytest

from .test_security import hostile_content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_hostile_content_runs_no_script_in_a_browser(live_server, page):
    author, story, tutorial = hostile_content()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tag_urls = [f"/tags/{tag.slug}/" for tag in story.tags.all()]
    for path in ["/", "/journeys/", story.url, tutorial.url, author.url, *tag_urls]:
        page.goto(live_server.url + path)
        page.mouse.move(10, 10)
        for element in page.locator(".prose div, .prose a, .card__title a").all():
            element.hover()
        assert page.evaluate("window.__xss === undefined"), path
    assert dialogs == []
    page.goto(live_server.url + story.url)
    assert page.locator("h1").inner_text() == "Title <script>window.__xss = 1</script>"


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#bj-main"
    assert page.evaluate("document.activeElement.id") == "bj-main"
