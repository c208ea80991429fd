"""In real Chromium: a new writer signs up, confirms with one button, fills the profile
step and lands on Write; the site header shows them signed in (and a reader never); Write's
links open the editors; Sign out brings "Write for us" back. axe checks the pages a writer
meets on the way, in light and dark."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from blog.models import AuthorPage
from blog.tests import factories as f
from blog.tests.test_accessibility_browser import WCAG_A_AA, describe
from editorial.tests.signup_steps import sign_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "lantern-over-the-harbour-9"


def assert_no_violations(page, axe, failures):
    page.wait_for_load_state("networkidle")
    results = axe.run(page, options=WCAG_A_AA)
    if results.violations_count:
        failures[page.url] = describe(results)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sign_up_confirm_profile_write_and_sign_out(
    live_server, browser, settings, tmp_path, scheme
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    f.story_index(), f.tutorial_index(), f.author_index()
    f.story(title="A story readers see")
    base = live_server.url
    mail.outbox = []
    axe, failures = Axe(), {}
    context = browser.new_context(color_scheme=scheme)
    writer = context.new_page()

    writer.goto(base + "/write-for-us/")
    link = sign_up(writer, name="Wanjiku Njeri", email="wanjiku@example.com", password=PASSWORD)

    writer.goto(link)
    expect(writer.locator("main input[type=password]")).to_have_count(0)
    assert_no_violations(writer, axe, failures)
    writer.get_by_role("button", name="Confirm and start writing").click()
    writer.wait_for_url(base + "/write-for-us/profile/")
    assert_no_violations(writer, axe, failures)

    avatar = tmp_path / "me.png"
    Image.new("RGB", (200, 200), (200, 90, 40)).save(avatar)
    writer.get_by_label("A short bio").fill("Market trader turned **Django** developer.")
    writer.get_by_label("Your photo or avatar").set_input_files(str(avatar))
    writer.get_by_label("GitHub").fill("https://github.com/wanjiku")
    writer.get_by_role("button", name="Save and start writing").click()
    writer.wait_for_url(base + "/admin/write/")
    expect(writer.locator(".messages")).to_contain_text("Your profile is saved")
    draft = AuthorPage.objects.get(user__username="wanjiku@example.com")
    draft = draft.get_latest_revision_as_object()
    assert draft.avatar is not None and draft.bio.startswith("Market trader")

    # The site header knows them.
    writer.goto(base + "/")
    header = writer.locator("header.site-header")
    expect(header.get_by_role("link", name="Write", exact=True)).to_be_visible()
    expect(header).to_contain_text("Signed in as Wanjiku Njeri")
    expect(header.get_by_role("link", name="My stories")).to_have_attribute("href", "/admin/")
    expect(header.get_by_role("link", name="Write for us")).to_have_count(0)
    assert_no_violations(writer, axe, failures)

    # A reader, in another browser, never sees any of it.
    reader = browser.new_context(color_scheme=scheme).new_page()
    for _ in range(2):  # the second answer comes from the page cache
        reader.goto(base + "/")
        expect(reader.locator("header.site-header")).not_to_contain_text("Wanjiku")
        expect(
            reader.locator("header.site-header").get_by_role("link", name="Write for us")
        ).to_be_visible()

    # Write opens the story editor.
    header.get_by_role("link", name="Write", exact=True).click()
    writer.wait_for_url(base + "/admin/write/")
    writer.get_by_role("link", name="New journey story").click()
    expect(writer.locator("#id_title")).to_be_visible()
    assert "/admin/pages/add/blog/journeystorypage/" in writer.url

    # Sign out from the site header.
    writer.goto(base + "/journeys/")
    writer.locator("header.site-header").get_by_role("button", name="Sign out").click()
    writer.wait_for_url(re.compile(r".*/admin/login/.*"))
    writer.goto(base + "/")
    expect(
        writer.locator("header.site-header").get_by_role("link", name="Write for us")
    ).to_be_visible()
    expect(writer.locator("header.site-header")).not_to_contain_text("Wanjiku")
    context.close()
    assert failures == {}, "\n\n".join(f"{url}:\n{text}" for url, text in failures.items())
