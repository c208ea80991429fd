"""Contributors never see other people's accounts: Wagtail's reports are for editors, and
nowhere a contributor can reach in the admin shows another user's email address (names
are fine). Usernames are email addresses for everyone here, as for people who sign up."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Comment

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

from .admin_forms import edit_form_data

pytestmark = pytest.mark.django_db

REPORTS = [
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:site_history_results",
]
REPORT_MENU_NAMES = ["workflows", "site-history", "aging-pages", "page-types-usage"]


def person(address, group, **names):
    user = get_user_model().objects.create_user(address, address, "pw", **names)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def menu_item_names(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return set(re.findall(r'"name": "([\w-]+)"', html))  # the sidebar's JSON


@pytest.fixture
def newsroom(client):
    """Two writers and an editor, each with an address for a username, and the traces
    their work leaves in the admin: a submission, a request for changes with a comment,
    locks, edits and publishing by the editor on the writer's pages."""
    editor = person("ed@editors.test", EDITORS)  # made like createsuperuser does: no name
    ay = person("ay@writers.test", CONTRIBUTORS, first_name="Ay", last_name="Writer")
    bee = person("bee@writers.test", CONTRIBUTORS, first_name="Bee", last_name="Writer")
    profile_ay = f.author(name="Ay Writer", user=ay, owner=ay)
    profile_bee = f.author(name="Bee Writer", user=bee, owner=bee)
    submitted = f.story(title="Ay in review", authors=[profile_ay], owner=ay, live=False)
    published = f.story(title="Ay published", authors=[profile_ay], owner=ay)
    bees = f.story(title="Bee published", authors=[profile_bee], owner=bee)
    bee_draft = f.story(title="Bee in review", authors=[profile_bee], owner=bee, live=False)
    for writer, page in ((ay, submitted), (bee, bee_draft)):
        client.force_login(writer)
        client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {**edit_form_data(page), "action-submit": "Submit"},
        )
    client.force_login(editor)
    submitted.refresh_from_db()
    task_state = submitted.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "reject", task_state.pk]),
        {"comment": "Add a timeline, please."},
    )
    client.post(
        reverse("wagtailadmin_pages:edit", args=[published.pk]),
        {**edit_form_data(published, summary="Tightened by the editor."), "action-publish": "1"},
    )
    Comment.objects.create(page=submitted, user=editor, text="Lovely start", contentpath="title")
    for page in (published, bees):
        client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    client.logout()
    return {"editor": editor, "ay": ay, "bee": bee, "submitted": submitted, "published": published,
            "profile_ay": profile_ay, "bees": bees}  # fmt: skip


def test_reports_are_refused_and_hidden_for_contributors(client, newsroom):
    client.force_login(newsroom["ay"])
    for name in REPORTS:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("wagtailadmin_home"), name
    assert not menu_item_names(client) & {"reports", *REPORT_MENU_NAMES}
    for section in ("/admin/users/", "/admin/groups/"):
        assert client.get(section).status_code == 302, section


def test_editors_keep_every_report(client, newsroom):
    client.force_login(newsroom["editor"])
    for name in REPORTS:
        assert client.get(reverse(name)).status_code == 200, name
    assert {"reports", *REPORT_MENU_NAMES} <= menu_item_names(client)


# Links not followed: they change things when posted, or download rather than show.
NOT_FOLLOWED = re.compile(
    r"logout|/delete/|/unpublish/|/lock/|/unlock/|/copy/|/move/|/revert/|/workflow/action/"
    r"|/workflow/cancel|/preview|export=|/bulk/"
)
LINK = re.compile(r'(?:href|data-url|data-[\w-]*-url-value)="(/admin/[^"]*)"')


def crawl(client, seeds, limit=150):
    """Every admin page reachable by links from ``seeds``: {url: html} for those that
    answer 200."""
    pages, queue, seen = {}, list(seeds), set()
    while queue and len(seen) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen or NOT_FOLLOWED.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        pages[url] = html = response.content.decode(errors="replace")
        queue.extend(link for link in LINK.findall(html) if urlsplit(link).path not in seen)
    return pages


def test_nowhere_a_contributor_goes_shows_another_users_address(client, newsroom):
    ay = newsroom["ay"]
    client.force_login(ay)
    seeds = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[newsroom["submitted"].pk]),
        reverse("wagtailadmin_pages:edit", args=[newsroom["published"].pk]),
        reverse("wagtailadmin_pages:edit", args=[newsroom["profile_ay"].pk]),
        reverse("wagtailadmin_pages:history", args=[newsroom["published"].pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[newsroom["submitted"].pk]),
        reverse("wagtailadmin_explore", args=[newsroom["bees"].get_parent().pk]),
        reverse("wagtailadmin_pages:search") + "?q=published",
        reverse("wagtailadmin_choose_page_search") + "?q=published",
        reverse("wagtailadmin_account"),
        *(reverse(name) for name in REPORTS),
    ]
    pages = crawl(client, seeds)
    others = [newsroom["editor"], newsroom["bee"]]
    for url, html in pages.items():
        for user in others:
            for secret in {user.email, user.username}:
                assert secret not in html, (url, secret)
        assert "gravatar" not in html, url
    # The crawl saw the pages that name other people, and they show names instead: the
    # editor, made without a name, is shown by the first part of their address.
    history = BeautifulSoup(pages[seeds[4]], "html.parser")
    who = [row.select("td")[1].get_text(strip=True) for row in history.select("tbody tr")]
    assert who.count("ed") == 3 and "Ay Writer" in who  # locked, published, edited; created
    assert "Lovely start" in pages[seeds[1]]
    assert len(pages) > 30
