"""In Chromium, with Wagtail's autosave on: "Save draft" clicked on a new page while its
first autosave is still waiting for the server's answer makes one page, not two
(static/js/admin-autosave-guard.js holds the click until the autosave has finished).

The autosave's request is held by the test until after the click, so the race the writer
can lose by chance is lost every time here."""

import pytest
from playwright.sync_api import expect

from blog.models import JourneyStoryPage
from blog.tests import factories as f

from .signup_steps import a_writer
from .test_review_loop_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "lantern-over-the-autosave-31"
TITLE = "Saved once, while autosave was saving"


# Wagtail starts looking for changes two seconds after the editor opens: what is typed
# before that counts as the form's starting point, and is not autosaved.
WATCHING = """() => {
  const form = document.querySelector("#page-edit-form");
  const unsaved = window.wagtail.app.getControllerForElementAndIdentifier(form, "w-unsaved");
  return Boolean(unsaved && unsaved.initialFormData);
}"""


class HeldAutosaves(list):
    """Autosave requests (the editor's background POSTs that ask for JSON) reach the server,
    and their answers are held from the browser until released: the server has done the
    autosave's work, the editor does not know yet. Every other request goes through."""

    def __call__(self, route):
        request = route.request
        if request.method == "POST" and "application/json" in request.headers.get("accept", ""):
            self.append((route, route.fetch()))
        else:
            route.continue_()

    def release(self):
        while self:
            route, response = self.pop(0)
            route.fulfill(response=response)


@pytest.fixture
def writer(db):
    return a_writer(password=PASSWORD)


def test_save_draft_during_the_first_autosave_makes_one_page(live_server, browser, writer):
    base = live_server.url
    page = browser.new_context().new_page()
    log_in(page, base, "wanjiku", PASSWORD)
    index = f.story_index()
    held = HeldAutosaves()
    page.route("**/admin/pages/**", held)
    page.goto(f"{base}/admin/pages/add/blog/journeystorypage/{index.pk}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(WATCHING)

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Two clicks, one page.")
    page.locator("#id_starting_point").fill("a shop counter")
    # The first autosave leaves (after Wagtail's half-second pause) and is held.
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "no autosave was sent"
    assert JourneyStoryPage.objects.filter(title=TITLE).count() == 1  # made by the autosave

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_timeout(1000)  # time for a click's form post to reach the server
    held.release()
    page.unroute("**/admin/pages/**", held)
    expect(page.locator(".messages")).to_be_visible(timeout=20_000)
    page.wait_for_timeout(500)  # the autosave's own answer, if it still had one to give

    pages = JourneyStoryPage.objects.filter(title=TITLE)
    assert pages.count() == 1
    # The click saved the page the autosave had made: a save, not a creation.
    expect(page.locator(".messages")).to_contain_text("Saved. Status: Draft.")
    story = pages.get()
    assert page.url == f"{base}/admin/pages/{story.pk}/edit/"
    assert story.owner == writer
    assert story.get_latest_revision_as_object().summary == "Two clicks, one page."
