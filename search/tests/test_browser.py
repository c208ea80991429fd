"""The search page in real Chromium: typing shows suggestions, Enter searches, a facet link
narrows the results and a result opens its page; suggestions are text, never markup."""

import pytest

from blog.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_type_see_suggestions_submit_filter_and_open(live_server, page):
    author = f.author(name="Wanjiru Example")
    f.story(
        title="Kubernetes after the <b>warehouse</b>",
        body="Pallets, then containers on kubernetes.",
        tags=["devops"],
        authors=[author],
    )
    f.tutorial(title="Kubernetes for Django developers", body="Pods.", authors=[author])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server.url + "/search/")
    box = page.locator("#bj-search-q")
    box.press_sequentially("kubernetes", delay=20)
    options = page.locator("#bj-search-q-suggestions [role=option]")
    options.first.wait_for()
    labels = options.locator(".search-suggestion__label").all_inner_texts()
    assert "Kubernetes after the <b>warehouse</b>" in labels
    assert "Kubernetes for Django developers" in labels
    assert page.locator("#bj-search-q-suggestions b").count() == 0
    assert box.get_attribute("aria-expanded") == "true"

    box.press("Enter")
    page.wait_for_url("**/search/?q=kubernetes*")
    assert page.locator("#bj-search-count").inner_text().startswith("2 results")

    page.locator('.facet[data-facet="type"] a', has_text="Journey story").click()
    page.wait_for_url("**type=story*")
    results = page.locator(".search-result__title a")
    assert results.all_inner_texts() == ["Kubernetes after the <b>warehouse</b>"]
    assert page.locator("#bj-search-count").inner_text().startswith("1 result")

    results.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kubernetes after the <b>warehouse</b>"
    assert dialogs == []


def test_choosing_a_suggestion_with_the_keyboard_opens_it(live_server, page):
    f.tutorial(title="Postgres permissions explained", body="Roles and grants.")
    page.goto(live_server.url + "/search/")
    box = page.locator("#bj-search-q")
    box.press_sequentially("postgres perm", delay=30)
    page.locator("#bj-search-q-suggestions [role=option]").first.wait_for()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "bj-search-q-suggestions-0"
    box.press("Enter")
    page.wait_for_url("**/tutorials/**")
    assert page.locator("h1").inner_text() == "Postgres permissions explained"
