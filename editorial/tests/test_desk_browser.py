"""In Chromium: the writer's dashboard on a phone (390 px) keeps every column without a
sideways scroll; no admin page a writer or an editor opens asks another host for anything
(no Gravatar); axe finds no WCAG A/AA violation on the editor's desk, light or dark."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "lantern-over-the-harbour-19"
WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}
LONG_NOTE = (
    "Please add the year you got your first backend job, and a sentence on what the "
    "interview asked: readers in the same place want_to_know_exactly_how_it_went_thanks."
)


def person(username, group, name):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", PASSWORD, first_name=name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


class Requests(list):
    """Every URL a browser context asked for."""

    def watch(self, context):
        context.on("request", lambda request: self.append(request.url))
        return context

    def off_site(self):
        return [
            url
            for url in self
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def desk_pieces():
    f.story_index(), f.tutorial_index(), f.author_index()
    writer = person("amina", CONTRIBUTORS, "Amina")
    editor = person("edna", EDITORS, "Edna")
    f.author(name="Amina Yusuf", user=writer, avatar=f.image(title="Amina"))
    f.story(
        title="A rather long title about moving from retail tills to relational databases",
        owner=writer,
        live=False,
    )
    reviewed = f.tutorial(title="Queues with Django tasks", owner=writer, live=False)
    reviewed.get_workflow().start(reviewed, writer)
    task_state = reviewed.current_workflow_task_state
    task_state.task.specific.on_action(task_state, editor, "reject", comment=LONG_NOTE)
    waiting = f.story(title="Waiting for an editor", owner=writer, live=False)
    waiting.get_workflow().start(waiting, writer)
    f.story(title="Out in the world", owner=writer)
    return writer, editor, waiting


def test_the_writers_dashboard_fits_a_phone_and_nothing_leaves_the_site(
    live_server, browser, desk_pieces
):
    writer, _editor, _waiting = desk_pieces
    base = live_server.url.replace("localhost", "127.0.0.1")
    requests = Requests()
    context = requests.watch(browser.new_context(viewport=PHONE))
    page = context.new_page()
    log_in(page, base, "amina")
    page.goto(base + "/admin/")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    panel = page.locator("section", has=page.locator("#writer-pieces-heading"))
    changes = panel.locator("tr[data-status=changes_requested]")
    expect(changes.locator(".writer-pieces__status")).to_be_visible()
    expect(changes.locator(".writer-pieces__status")).to_contain_text("Changes requested")
    expect(changes.locator(".writer-pieces__note")).to_be_visible()
    expect(changes.locator(".writer-pieces__note")).to_contain_text("first backend job")
    box = changes.locator(".writer-pieces__note").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    expect(panel.locator("tr[data-status=in_review] .writer-pieces__status")).to_have_text(
        "In review"
    )

    # The pages a writer works in: none asks another host (Gravatar or any other).
    piece = f.story(title="Another draft", owner=writer, live=False)
    for path in (f"/admin/pages/{piece.pk}/edit/", f"/admin/pages/{piece.get_parent().pk}/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert requests, "no request was recorded"
    assert requests.off_site() == []
    assert not [url for url in requests if "gravatar" in url]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_editors_desk_is_accessible_and_stays_on_the_site(
    live_server, browser, desk_pieces, scheme
):
    _writer, _editor, waiting = desk_pieces
    base = live_server.url.replace("localhost", "127.0.0.1")
    requests = Requests()
    context = requests.watch(browser.new_context(color_scheme=scheme))
    page = context.new_page()
    log_in(page, base, "edna")
    axe = Axe()
    failures = {}
    for path in ("/admin/", "/admin/desk/", f"/admin/desk/{waiting.pk}/"):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        # Our own panels and pages; Wagtail's chrome around them is Wagtail's.
        for selector in (".editorial-desk", ".editorial-desk-summary"):
            if page.locator(selector).count():
                results = axe.run(page, context=selector, options=WCAG_A_AA)
                if results.violations_count:
                    failures[f"{path} {selector}"] = [
                        (v["id"], v["nodes"][0]["target"]) for v in results.response["violations"]
                    ]
    expect(page.get_by_role("button", name="Request changes")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and schedule")).to_be_visible()
    context.close()
    assert failures == {}
    assert requests.off_site() == []
