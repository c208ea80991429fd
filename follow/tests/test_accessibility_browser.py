"""axe-core in Chromium finds no WCAG 2 A or AA violation on the follow pages, light and
dark; the box works in a browser without JavaScript (a plain form POST)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from blog.tests import factories as f
from blog.tests.test_accessibility_browser import BODY_BACKGROUND, WCAG_A_AA, describe
from follow import tokens
from follow.models import Follower, Subscription

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check(page, axe, scheme, failures, label):
    page.wait_for_load_state("networkidle")
    background = page.evaluate(BODY_BACKGROUND)
    assert (sum(background) / 3 < 64) == (scheme == "dark"), (label, scheme, background)
    results = axe.run(page, options=WCAG_A_AA)
    if results.violations_count:
        failures[label] = describe(results)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_follow_pages_have_no_wcag_violations(live_server, browser, scheme):
    amina = f.author(name="Amina Wanjiru", slug="amina-wanjiru")
    f.story(authors=[amina], tags=["django"])
    context = browser.new_context(color_scheme=scheme, java_script_enabled=False)
    page = context.new_page()
    axe_page = context.new_page()  # axe needs scripts: each page is checked again there
    axe = Axe()
    failures = {}

    def visit(path, label, *, status=200):
        response = axe_page.goto(live_server.url + path)
        assert response is not None and response.status == status, (label, response.status)
        check(axe_page, axe, scheme, failures, label)

    # Without JavaScript: the author's box, filled in and sent, answers with a page.
    page.goto(live_server.url + amina.url)
    box = page.locator("section.follow", has_text="Follow Amina Wanjiru")
    box.get_by_label("By email").fill("reader@example.com")
    box.get_by_label("Weekly digest").check()
    box.get_by_role("button", name="Follow Amina Wanjiru").click()
    page.wait_for_load_state()
    assert page.url.endswith("/follow/check-your-inbox/")
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    [message] = mail.outbox
    confirm_path = re.search(r"http://[^/]+(/follow/confirm/\S+/)", message.body).group(1)

    page.goto(live_server.url + confirm_path)
    page.get_by_role("button", name="Confirm and follow").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="You are following").is_visible()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None and subscription.frequency == "weekly"

    context_with_scripts = browser.new_context(color_scheme=scheme)
    axe_page = context_with_scripts.new_page()
    follower = Follower.objects.get()
    manage = f"/follow/manage/{tokens.make_manage(follower)}/"
    unsubscribe = f"/follow/unsubscribe/{tokens.make_unsubscribe(follower, [subscription.pk])}/"
    visit("/follow/", "the follow page")
    visit("/follow/?scope=author&slug=amina-wanjiru", "the follow page for an author")
    visit("/follow/check-your-inbox/", "check your inbox")
    visit(confirm_path, "confirm")
    visit(manage, "manage")
    visit(unsubscribe, "unsubscribe")
    visit("/follow/confirm/nonsense/", "a link that does not work", status=400)
    axe_page.goto(live_server.url + "/follow/")
    axe_page.get_by_role("button", name="Follow", exact=True).click()  # empty: its errors
    axe_page.wait_for_load_state()
    assert axe_page.get_by_text("Please correct what is marked below.").is_visible()
    check(axe_page, axe, scheme, failures, "the form with errors")
    axe_page.goto(live_server.url + unsubscribe)
    axe_page.get_by_role("button", name="Unsubscribe").click()
    axe_page.wait_for_load_state()
    assert axe_page.get_by_role("heading", name="You are unsubscribed").is_visible()
    check(axe_page, axe, scheme, failures, "unsubscribed")
    context.close()
    context_with_scripts.close()
    assert failures == {}, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
