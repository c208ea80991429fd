"""Submission, approval and requested changes reach the right people with the page title,
a link and the editor's comment."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

from .admin_forms import edit_form_data

pytestmark = pytest.mark.django_db


def person(username, group, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", first_name=username.title(), **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def team():
    return {
        "writer": person("writer", CONTRIBUTORS),
        "other_writer": person("otherwriter", CONTRIBUTORS),
        "editor1": person("editor1", EDITORS),
        "editor2": person("editor2", EDITORS),
        "inactive_editor": person("gone", EDITORS, is_active=False),
        "superuser": get_user_model().objects.create_superuser("root", "root@example.com", "pw"),
    }


def submit(client, user, page):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**edit_form_data(page), "action-submit": "Submit"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    return page


def decide(client, editor, page, action, comment):
    client.force_login(editor)
    task_state = page.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()


def test_submission_emails_every_active_editor_and_nobody_else(client, team, mailoutbox):
    page = f.story(title="From the till to Django", owner=team["writer"], live=False)
    submit(client, team["writer"], page)
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == ["editor1@example.com", "editor2@example.com"]
    mail = mailoutbox[0]
    assert mail.subject == 'In review: "From the till to Django"'
    assert 'Writer submitted "From the till to Django" for review.' in mail.body
    assert f"http://testserver/admin/desk/{page.pk}/" in mail.body


def test_requested_changes_reach_the_writer_with_the_comment(client, team, mailoutbox):
    page = f.story(title="My first interview", owner=team["writer"], live=False)
    submit(client, team["writer"], page)
    mailoutbox.clear()
    decide(client, team["editor1"], page, "reject", "Please add a timeline of milestones.")
    assert [mail.to for mail in mailoutbox] == [["writer@example.com"]]
    mail = mailoutbox[0]
    assert mail.subject == 'Changes requested: "My first interview"'
    assert "Please add a timeline of milestones." in mail.body
    assert "Editor1 reviewed" in mail.body
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in mail.body
    assert not page.live


def test_approval_publishes_and_tells_the_writer_with_the_comment(client, team, mailoutbox):
    page = f.story(title="Nine years of CSS", owner=team["writer"], live=False)
    submit(client, team["writer"], page)
    mailoutbox.clear()
    decide(client, team["editor2"], page, "approve", "Lovely piece, thank you!")
    assert page.live
    assert [mail.to for mail in mailoutbox] == [["writer@example.com"]]
    mail = mailoutbox[0]
    assert mail.subject == 'Published: "Nine years of CSS"'
    assert "Lovely piece, thank you!" in mail.body
    assert f"http://localhost{page.url}" in mail.body or page.full_url in mail.body


def test_approval_with_a_go_live_date_schedules_and_says_so(client, team, mailoutbox):
    import datetime

    from django.utils import timezone

    page = f.story(title="Scheduled story", owner=team["writer"], live=False)
    go_live = timezone.now() + datetime.timedelta(days=2)
    client.force_login(team["writer"])
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **edit_form_data(page),
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
            "action-submit": "Submit",
        },
    )
    page.refresh_from_db()
    mailoutbox.clear()
    decide(client, team["editor1"], page, "approve", "")
    assert not page.live
    assert page.scheduled_revision is not None
    assert "scheduled to go live" in mailoutbox[0].body


def test_writers_who_turned_notifications_off_get_none(client, team, mailoutbox):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(team["writer"])
    profile.rejected_notifications = False
    profile.save()
    page = f.story(owner=team["writer"], live=False)
    submit(client, team["writer"], page)
    mailoutbox.clear()
    decide(client, team["editor1"], page, "reject", "Needs work")
    assert mailoutbox == []
