"""In real Chromium: a contributor finds "Import stories" in the admin menu, uploads two
files, reads what happened to each, and opens the draft it made."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.models import JourneyStoryPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "ink-and-paper-river-31"
GOOD = b"""---
title: From the till to Django
tags: django, career change
---

I was a cashier for six years. Then a friend showed me Django.

Top comments (0)
"""
BROKEN = b"---\ntitle: 'never closed\n---\n\nBody.\n"


def test_contributor_uploads_files_and_opens_the_draft(live_server, browser, tmp_path):
    f.story_index(), f.tutorial_index(), f.author_index()
    writer = get_user_model().objects.create_user(
        "wanjiku", "w@example.com", PASSWORD, first_name="Wanjiku", last_name="Njeri"
    )
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    (tmp_path / "till.md").write_bytes(GOOD)
    (tmp_path / "broken.md").write_bytes(BROKEN)

    page = browser.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "wanjiku")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.get_by_role("link", name="Import stories").click()
    expect(page.locator("#header-title")).to_have_text("Import stories")
    page.get_by_label("Story files").set_input_files(
        [str(tmp_path / "till.md"), str(tmp_path / "broken.md")]
    )
    page.get_by_role("button", name="Import as drafts").click()

    results = page.locator("#bj-import-results")
    expect(results).to_contain_text("Created journey story “From the till to Django” (draft)")
    expect(results).to_contain_text("Failed: broken.md, line")
    expect(results).to_contain_text("“Top comments (0)” (DEV.to)")

    results.get_by_role("link", name="Edit “From the till to Django”").click()
    expect(page.locator("#id_title")).to_have_value("From the till to Django")
    story = JourneyStoryPage.objects.get()
    assert story.owner == writer
    assert not story.live
    page.close()
