"""Each writer sees where each of their pieces stands on their admin dashboard."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

pytestmark = pytest.mark.django_db


def statuses(client, user):
    client.force_login(user)
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = page.select_one("#writer-pieces-heading").find_parent("section")
    rows = {}
    for row in panel.select("tbody tr"):
        cells = row.select("td")
        rows[cells[0].get_text(strip=True)] = (
            row["data-status"],
            cells[3].get_text(" ", strip=True),
        )
    return rows


def test_dashboard_shows_each_status_and_the_editors_comment(client, django_assert_max_num_queries):
    User = get_user_model()
    writer = User.objects.create_user("writer", "w@example.com", "pw")
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    editor = User.objects.create_user("ed", "e@example.com", "pw", first_name="Edna")
    editor.groups.add(Group.objects.get(name=EDITORS))

    f.story(title="Just a draft", owner=writer, live=False)
    in_review = f.story(title="Waiting for review", owner=writer, live=False)
    in_review.get_workflow().start(in_review, writer)
    rejected = f.tutorial(title="Needs more work", owner=writer, live=False)
    rejected.get_workflow().start(rejected, writer)
    rejected.current_workflow_task_state.specific.task.specific.on_action(
        rejected.current_workflow_task_state, editor, "reject", comment="Add a code sample."
    )
    f.story(title="Out in the world", owner=writer)
    scheduled = f.story(title="Coming soon", owner=writer, live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    f.story(title="Somebody else's", live=False)

    rows = statuses(client, writer)
    assert rows["Just a draft"][0] == "draft"
    assert rows["Waiting for review"][0] == "in_review"
    assert rows["Needs more work"] == ("changes_requested", "Add a code sample. — Edna")
    assert rows["Out in the world"][0] == "published"
    assert rows["Coming soon"][0] == "scheduled"
    assert "Somebody else's" not in rows

    # The panel's cost does not grow with the number of pieces listed.
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(10):
        f.story(title=f"More {n}", owner=writer, live=False)
    with django_assert_max_num_queries(len(few)):
        response = client.get("/admin/")
    assert response.status_code == 200
    assert len(statuses(client, writer)) == 15


def test_a_writer_with_nothing_yet_is_pointed_to_write(client):
    f.story_index(), f.tutorial_index()
    writer = get_user_model().objects.create_user("new", "new@example.com", "pw")
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    client.force_login(writer)
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = page.select_one("#writer-pieces-heading").find_parent("section")
    assert "You have not written anything yet." in panel.get_text(" ", strip=True)
    links = {a.get_text(strip=True): a["href"] for a in panel.select("a")}
    assert links == {
        "New journey story": f"/admin/pages/add/blog/journeystorypage/{f.story_index().pk}/",
        "New tutorial": f"/admin/pages/add/blog/tutorialpage/{f.tutorial_index().pk}/",
        "Import a file": "/admin/import-stories/",
    }
