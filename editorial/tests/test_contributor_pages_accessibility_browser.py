"""axe-core in Chromium finds no WCAG 2 A or AA violation on the pages a contributor and an
editor meet in issue 15's loop, in the light and the dark colour scheme: sign-up, the
confirmation, the profile step, Write, the writer's dashboard (empty, then with a piece sent
back with a note), the writing help, the review queue and the review screen. The writer's
dashboard has no sideways scroll on a 390 px wide phone.

The whole page is checked, Wagtail's admin chrome (menu, header, footer) included."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core import mail

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from blog.tests.test_accessibility_browser import BODY_BACKGROUND, WCAG_A_AA, describe
from editorial.tests.signup_steps import desk_with_an_editor, sign_up

from .test_review_loop_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "lantern-over-the-axe-77"
EDITOR_PASSWORD = "desk-lamp-over-the-axe-78"
PHONE = {"width": 390, "height": 844}
# The main content's text colour as [r, g, b] (0-255).
MAIN_TEXT = (
    "getComputedStyle(document.querySelector('main')).color.match(/\\d+/g).slice(0, 3).map(Number)"
)
NOTE = (
    "Please add the year you got your first backend job, and what the interview asked: "
    "readers_in_the_same_place_want_to_know_exactly_how_it_went."
)


class Checked(dict):
    """axe's findings per page, and the pages checked."""

    def __init__(self, scheme, base):
        super().__init__()
        self.scheme = scheme
        self.admin = base + "/admin/"
        self.axe = Axe()
        self.pages = []

    def check(self, page, name):
        page.wait_for_load_state("networkidle")
        # The theme follows the system: checking "dark" must check the dark colours (the
        # admin's body is transparent: its text colour tells the scheme there).
        if page.url.startswith(self.admin):
            text = page.evaluate(MAIN_TEXT)
            assert (sum(text) / 3 > 128) == (self.scheme == "dark"), (name, text)
        else:
            background = page.evaluate(BODY_BACKGROUND)
            assert (sum(background) / 3 < 64) == (self.scheme == "dark"), (name, background)
        results = self.axe.run(page, options=WCAG_A_AA)
        self.pages.append(name)
        if results.violations_count:
            self[name] = describe(results)


def no_sideways_scroll(browser, base, username, password):
    phone = browser.new_context(viewport=PHONE).new_page()
    log_in(phone, base, username, password)
    phone.goto(base + "/admin/")
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.context.close()
    return width


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_contributors_and_editors_pages_have_no_wcag_violations(
    live_server, browser, settings, scheme
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    desk_with_an_editor(password=EDITOR_PASSWORD)
    base = live_server.url
    mail.outbox = []
    checked = Checked(scheme, base)

    writer = browser.new_context(color_scheme=scheme).new_page()
    writer.goto(base + "/write-for-us/")
    checked.check(writer, "sign-up")
    link = sign_up(writer, name="Wanjiku Njeri", email="wanjiku@example.com", password=PASSWORD)
    checked.check(writer, "check your email")
    writer.goto(link)
    checked.check(writer, "confirm")
    writer.get_by_role("button", name="Confirm and start writing").click()
    writer.wait_for_url(base + "/write-for-us/profile/")
    checked.check(writer, "profile step")
    writer.get_by_label("A short bio").fill("Market trader turned Django developer.")
    writer.get_by_role("button", name="Save and start writing").click()
    writer.wait_for_url(base + "/admin/write/")
    checked.check(writer, "Write")
    writer.goto(base + "/admin/")
    checked.check(writer, "writer's dashboard, nothing written yet")
    assert no_sideways_scroll(browser, base, "wanjiku@example.com", PASSWORD) <= 390
    writer.goto(base + "/admin/writing-help/")
    checked.check(writer, "writing help")

    # A piece in review, then sent back with a long note.
    user = get_user_model().objects.get(username="wanjiku@example.com")
    piece = f.story(title="From market stall to migrations", owner=user, live=False)
    piece.get_workflow().start(piece, user)
    desk = browser.new_context(color_scheme=scheme).new_page()
    log_in(desk, base, "edna", EDITOR_PASSWORD)
    desk.goto(base + "/admin/desk/")
    checked.check(desk, "review queue")
    desk.goto(f"{base}/admin/desk/{piece.pk}/")
    checked.check(desk, "review screen")
    desk.get_by_label("Your note to the writer").fill(NOTE)
    desk.get_by_role("button", name="Request changes").click()
    desk.wait_for_url(base + "/admin/desk/")
    checked.check(desk, "review queue, after a decision")

    writer.goto(base + "/admin/")
    assert writer.locator("tr[data-status=changes_requested]").count() == 1
    checked.check(writer, "writer's dashboard, changes requested")
    assert no_sideways_scroll(browser, base, "wanjiku@example.com", PASSWORD) <= 390
    assert JourneyStoryPage.objects.get(pk=piece.pk).current_workflow_state is not None

    assert len(checked.pages) == 11
    assert dict(checked) == {}, "\n\n".join(f"{name}:\n{text}" for name, text in checked.items())
