"""In real Chromium under the site's Content-Security-Policy: the browser tests' check sees
what the policy refuses, and what the policy must not break still works: Wagtail's page
editor (panels, choosers and date pickers started without inline script) and the API docs.

Every browser test fails on a refused script, style, image or frame (see conftest.py), so
these tests pass only if nothing was refused."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "writer-pass-123"


def test_the_check_sees_what_the_policy_refuses(live_server, page, csp_violations):
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.append(script);
            const picture = document.createElement("img");
            picture.src = "https://elsewhere.example/pixel.gif";
            document.body.append(picture);
        }"""
    )
    assert page.evaluate("window.__ran") is None
    csp_violations.flush()
    refused = "\n".join(csp_violations)
    assert "script-src-elem refused inline" in refused
    assert "img-src refused https://elsewhere.example/pixel.gif" in refused
    csp_violations.clear()  # caused on purpose: the test itself passes


def test_a_contributor_uses_the_page_editor_under_the_policy(live_server, page):
    writer = get_user_model().objects.create_user("wanjiku", "w@example.com", PASSWORD)
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    index = f.story_index()
    f.author(name="Amina Wanjiru")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "wanjiku")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/blog/journeystorypage/{index.pk}/")
    # InlinePanels add children, and a chooser in a new child opens its modal.
    page.get_by_role("button", name="Add Milestones").click()
    expect(page.locator("#id_milestones-0-year")).to_be_visible()
    page.get_by_role("button", name="Add Authors").click()
    page.locator("#id_article_authors-1-author-chooser [data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("link", name="Amina Wanjiru")).to_be_visible()
    modal.get_by_role("link", name="Amina Wanjiru").click()
    expect(page.locator("#id_article_authors-1-author-title")).to_have_text("Amina Wanjiru")
    # The date picker opens; the Markdown editor takes text.
    page.locator("#id_original_published_at").click()
    expect(page.locator(".xdsoft_datetimepicker:visible .xdsoft_calendar")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".CodeMirror").first.click()
    page.keyboard.type("## Where I started")
    expect(page.locator(".CodeMirror").first).to_contain_text("Where I started")


def test_the_api_docs_work_under_the_policy(live_server, page):
    page.goto(live_server.url + "/api/v3/docs/")
    expect(page.get_by_text("/api/v3/stories/").first).to_be_visible()


def test_an_editor_reads_a_page_with_the_userbar_and_its_checks(live_server, page):
    editor = get_user_model().objects.create_user("edna", "e@example.com", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    story = f.story(title="From the till to Django", body="## Where I started\n\nA till.")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "edna")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + story.url)
    # Wagtail's userbar runs its accessibility checks (axe) in the page, then shows them.
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button", name=re.compile("View Wagtail quick actions")).click()
    expect(userbar.get_by_role("menuitem", name=re.compile("Edit"))).to_be_visible()
    userbar.get_by_role("menuitem", name=re.compile("Checks")).click()
    expect(userbar.get_by_role("dialog", name=re.compile("Warnings"))).to_be_visible()
