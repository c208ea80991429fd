"""The editor's desk and the one vocabulary: each state of a piece has the same words on the
writer's dashboard, in the explorer, in the status panel, in the emails and in the message
after the action that led to it; the queue, its decisions, featuring and the dashboard
summary are the editors' alone."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS
from editorial.selectors import LABELS

from .admin_forms import edit_form_data

pytestmark = pytest.mark.django_db


def person(username, group, first_name=None):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", first_name=first_name or username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer():
    return person("amina", CONTRIBUTORS, "Amina")


@pytest.fixture
def editor():
    return person("edna", EDITORS, "Edna")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def message_texts(response):
    """The messages this response queued (those of earlier requests not yet shown are
    left out)."""
    return [str(m) for m in get_messages(response.wsgi_request)._queued_messages]


def submit(client, writer, page, **changes):
    client.force_login(writer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**edit_form_data(page, **changes), "action-submit": "Submit"},
    )
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    return response


def desk_post(client, editor, page, action, **data):
    client.force_login(editor)
    return client.post(reverse(f"editorial_{action}", args=[page.pk]), data)


GO_LIVE = (timezone.now() + datetime.timedelta(days=3)).replace(
    hour=9, minute=0, second=0, microsecond=0
)


def bring_to(state, client, writer, editor, mailoutbox):
    """A story of ``writer``'s in ``state``; returns it with the messages and emails of the
    action that put it there (none for a draft or an unpublished piece)."""
    page = f.story(title=f"A piece {state}", owner=writer, live=state == "unpublished")
    if state == "draft":
        client.force_login(writer)
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            edit_form_data(page, summary="A better summary."),
        )
        return page, response, []
    if state == "unpublished":
        client.force_login(editor)
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
        page.refresh_from_db()
        return page, response, []
    response = submit(client, writer, page)
    if state == "in_review":
        return page, response, list(mailoutbox)
    mailoutbox.clear()
    if state == "changes_requested":
        response = desk_post(client, editor, page, "request_changes", note="Add a timeline.")
    elif state == "published":
        response = desk_post(client, editor, page, "approve")
    elif state == "scheduled":
        response = desk_post(
            client, editor, page, "schedule", go_live_at=GO_LIVE.strftime("%Y-%m-%dT%H:%M")
        )
    assert response.status_code == 302
    page.refresh_from_db()
    return page, response, list(mailoutbox)


EXPECTED_MESSAGE = {
    "draft": "Saved. Status: Draft.",
    "unpublished": "Unpublished: readers no longer see “A piece unpublished”.",
    "in_review": "Sent to the editors: “A piece in_review” is now In review.",
    "changes_requested": "Sent back to Amina with your note.",
    "published": "Approved and published.",
    "scheduled": f"Scheduled for {GO_LIVE:%-d %B}, 09:00 UTC.",
}
EXPECTED_REDIRECT = {
    "draft": "/admin/pages/{pk}/edit/",
    "unpublished": "/admin/pages/{parent}/",
    "in_review": "/admin/",
    "changes_requested": "/admin/desk/",
    "published": "/admin/desk/",
    "scheduled": "/admin/desk/",
}


@pytest.mark.parametrize("state", list(LABELS))
def test_each_state_has_the_same_words_everywhere(state, client, writer, editor, mailoutbox):
    label = LABELS[state]
    page, response, mails = bring_to(state, client, writer, editor, mailoutbox)
    others = [other for key, other in LABELS.items() if key != state]

    # The message after the action, and where it lands.
    if response is not None:
        expected = EXPECTED_REDIRECT[state].format(pk=page.pk, parent=page.get_parent().pk)
        assert response["Location"].endswith(expected), response["Location"]
        texts = message_texts(response)
        assert texts[-1] == EXPECTED_MESSAGE[state], texts
        assert not any("has been" in text for text in texts), texts
    if state not in ("draft", "unpublished"):
        # The email the action sent starts with the state's words.
        assert mails, "the action sent no email"
        assert all(mail.subject.startswith(f"{label}: ") for mail in mails), [
            m.subject for m in mails
        ]
        assert all(f"Status: {label}" in mail.body for mail in mails)

    # The writer's dashboard.
    client.force_login(writer)
    panel = soup(client.get("/admin/")).select_one("#writer-pieces-heading").find_parent("section")
    row = panel.select_one(f"tr[data-status={state}]")
    assert row is not None
    assert row.select_one(".w-status").get_text(strip=True) == label

    # The explorer's status column (as an editor, who sees every piece).
    client.force_login(editor)
    listing = soup(client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])))
    status = (
        listing.select_one(f"#page_{page.pk}_title")
        .find_parent("tr")
        .select_one(".w-status")
        .get_text(" ", strip=True)
    )
    assert label in status and not any(other in status for other in others), status
    for wagtail_word in ("in moderation", "live + draft", "Live", "Awaiting"):
        assert wagtail_word not in status

    # The status side panel of the edit screen names that state alone.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "In Moderation" not in edit and "Awaiting Editors" not in edit
    panel = BeautifulSoup(edit, "html.parser").select_one("[data-side-panel=status]")
    states = [
        " ".join(heading.get_text(" ", strip=True).split())
        for heading in panel.select("h3")
        if heading.get_text(strip=True).startswith("Status:")
    ]
    assert states == [f"Status: {label}"]


def test_request_changes_without_a_note_is_refused_and_changes_nothing(
    client, writer, editor, mailoutbox
):
    page = f.story(title="Needs a note", owner=writer, live=False)
    submit(client, writer, page)
    mailoutbox.clear()
    response = desk_post(client, editor, page, "request_changes", note="   ")
    assert response.status_code == 302
    assert response["Location"] == reverse("editorial_review", args=[page.pk])
    assert message_texts(response) == ["Write a note for the writer: what should change?"]
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert mailoutbox == []


def test_schedule_in_the_past_is_refused_and_changes_nothing(client, writer, editor):
    page = f.story(title="Too late", owner=writer, live=False)
    submit(client, writer, page)
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    for value, text in [
        ("2001-01-01T09:00", "Choose a date and time in the future."),
        ("not a date", "Enter a date and time, such as 2026-12-04 09:00."),
    ]:
        response = desk_post(client, editor, page, "schedule", go_live_at=value)
        assert response["Location"] == reverse("editorial_review", args=[page.pk])
        assert message_texts(response) == [text]
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    assert not page.live


def test_decisions_on_wagtails_edit_screen_say_what_happened_too(client, writer, editor):
    page = f.story(title="Through the footer", owner=writer, live=False)
    submit(client, writer, page)
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **edit_form_data(page),
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": '{"comment": "More detail, please."}',
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/desk/"
    assert message_texts(response) == ["Sent back to Amina with your note."]


def test_the_queue_lists_what_waits_oldest_first_with_wait_writer_and_note(
    client, writer, editor, django_assert_max_num_queries
):
    other = person("bola", CONTRIBUTORS, "Bola")
    first = f.story(title="Oldest", owner=writer, live=False)
    second = f.tutorial(title="Newer <script>", owner=other, live=False)
    submit(client, writer, first)
    submit(client, other, second)
    from wagtail.models import Comment, TaskState

    TaskState.objects.filter(workflow_state__object_id=str(first.pk)).update(
        started_at=timezone.now() - datetime.timedelta(days=2, hours=3)
    )
    Comment.objects.create(
        page=second, user=other, text="First tutorial <b>ever</b>!", contentpath="title"
    )
    f.story(title="Just a draft", owner=writer, live=False)

    client.force_login(editor)
    response = client.get(reverse("editorial_desk"))
    rows = soup(response).select("table.editorial-desk__queue tbody tr")
    assert [row.select_one("a").get_text(strip=True) for row in rows] == [
        "Oldest",
        "Newer <script>",
    ]
    assert rows[0].select_one("a")["href"] == reverse("editorial_review", args=[first.pk])
    assert rows[0].select_one("[data-label=Writer]").get_text(strip=True) == "Amina"
    assert rows[0].select_one("time").get_text(strip=True) == "2\xa0days, 3\xa0hours"
    assert rows[1].select_one("[data-label=Writer]").get_text(strip=True) == "Bola"
    note = rows[1].select_one(".editorial-desk__note")
    assert note.get_text() == "First tutorial <b>ever</b>!"  # escaped: shown, not markup
    assert "<script>" not in response.content.decode().split("editorial-desk__queue")[1]
    review = soup(client.get(reverse("editorial_review", args=[second.pk])))
    assert review.select_one(".editorial-desk__note").get_text() == "First tutorial <b>ever</b>!"
    assert review.select_one("[data-status]").get_text(strip=True) == "In review"

    # Its cost does not grow with the queue.
    for n in range(8):
        page = f.story(title=f"More {n}", owner=other, live=False)
        page.get_workflow().start(page, other)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("editorial_desk"))
    assert len(soup(response).select("table.editorial-desk__queue tbody tr")) == 10


def test_the_queue_query_count_is_constant(client, writer, editor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = f.story(owner=writer, live=False)
    page.get_workflow().start(page, writer)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("editorial_desk"))
    for n in range(12):
        page = f.story(title=f"Queue {n}", owner=writer, live=False)
        page.get_workflow().start(page, writer)
    with django_assert_max_num_queries(len(one)):
        assert client.get(reverse("editorial_desk")).status_code == 200


def test_contributors_cannot_open_the_desk_or_decide(client, writer, editor):
    page = f.story(title="Mine", owner=writer, live=False)
    submit(client, writer, page)
    client.force_login(writer)
    home = client.get("/admin/")
    assert reverse("editorial_desk") not in home.content.decode()
    for url in (reverse("editorial_desk"), reverse("editorial_review", args=[page.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    for action, data in [
        ("approve", {}),
        ("request_changes", {"note": "x"}),
        ("schedule", {"go_live_at": GO_LIVE.strftime("%Y-%m-%dT%H:%M")}),
    ]:
        assert desk_post(client, writer, page, action, **data).status_code == 403
    page.refresh_from_db()
    assert not page.live and page.current_workflow_state.status == "in_progress"


def test_changes_since_last_review_show_the_writers_edit_despite_an_autosave(
    client, writer, editor
):
    page = f.story(title="Second round", owner=writer, live=False, body="First version.")
    submit(client, writer, page)
    desk_post(client, editor, page, "request_changes", note="Say when you got the job.")
    reviewed = page.current_workflow_state.current_task_state.revision_id

    # The writer edits; autosave stores the change, then the submit posts the same content.
    client.force_login(writer)
    data = edit_form_data(page, body="First version.\n\nI got the job in 2023.")
    autosave = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**data},
        headers={"Accept": "application/json"},
    )
    assert autosave.status_code == 200, autosave.content[:500]
    before_submit = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-submit": "1"})
    page.refresh_from_db()
    # No identical revision was stored: the one autosaved is the one under review.
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == before_submit
    assert page.current_workflow_state.status == "in_progress"

    client.force_login(editor)
    review = soup(client.get(reverse("editorial_review", args=[page.pk])))
    link = review.find("a", string="What changed since you last reviewed it")
    assert link["href"] == f"/admin/pages/{page.pk}/revisions/compare/{reviewed}...latest/"
    comparison = client.get(link["href"]).content.decode()
    assert "I got the job in 2023." in comparison

    # Wagtail's own "compare with previous" on the submitted revision shows it too.
    latest = page.latest_revision
    previous = (
        Revision.page_revisions.filter(object_id=str(page.pk), pk__lt=latest.pk)
        .order_by("-pk")
        .first()
    )
    compare = client.get(
        f"/admin/pages/{page.pk}/revisions/compare/{previous.pk}...{latest.pk}/"
    ).content.decode()
    assert "I got the job in 2023." in compare


def test_editors_feature_a_piece_on_the_home_page_and_contributors_cannot(client, writer, editor):
    piece = f.story(title="Feature me", owner=writer)
    home = f.home_page()
    url = reverse("editorial_feature", args=[piece.pk])

    # Contributors: no button, and a post is refused with nothing changed.
    client.force_login(writer)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[piece.pk])).content.decode()
    assert url not in edit
    assert client.post(url, {"featured": "on"}).status_code == 403
    assert client.get(url).status_code == 302
    assert not home.featured_items.exists()

    # Editors: the button on the piece, the toggle, and the home page shows it.
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[piece.pk])).content.decode()
    assert url in edit
    page = soup(client.get(url))
    assert page.find("button", string="Feature on the home page")
    response = client.post(url, {"featured": "on", "next": url})
    assert message_texts(response) == ["“Feature me” is now featured on the home page."]
    home.refresh_from_db()
    assert [item.page_id for item in home.featured_items.all()] == [piece.pk]
    assert not home.has_unpublished_changes
    client.logout()
    assert "Feature me" in client.get("/").content.decode()

    client.force_login(editor)
    assert soup(client.get(url)).find("button", string="Stop featuring it")
    client.post(url, {"featured": "off"})
    home.refresh_from_db()
    assert not home.featured_items.exists()


def test_a_draft_cannot_be_featured(client, writer, editor):
    piece = f.story(title="Not yet", owner=writer, live=False)
    client.force_login(editor)
    response = client.post(reverse("editorial_feature", args=[piece.pk]), {"featured": "on"})
    assert message_texts(response) == ["Only a published piece can be featured on the home page."]
    assert not f.home_page().featured_items.exists()


def test_the_dashboard_shows_editors_the_count_and_median_wait(client, writer, editor):
    from wagtail.models import TaskState

    for hours in (1, 5, 30):
        page = f.story(owner=writer, live=False)
        page.get_workflow().start(page, writer)
        TaskState.objects.filter(workflow_state__object_id=str(page.pk)).update(
            started_at=timezone.now() - datetime.timedelta(hours=hours, minutes=1)
        )
    client.force_login(editor)
    panel = soup(client.get("/admin/")).select_one("#review-queue-heading").find_parent("section")
    assert panel.select_one("[data-count]").get_text(strip=True) == "3"
    assert panel.select_one("[data-median-wait]").get_text(strip=True) == "5\xa0hours, 1\xa0minute"
    assert panel.find("a")["href"] == reverse("editorial_desk")

    client.force_login(writer)
    assert soup(client.get("/admin/")).select_one("#review-queue-heading") is None


def test_admin_avatars_are_the_profile_picture_never_gravatar(client, writer):
    f.author(name="Amina", user=writer, avatar=f.image(title="Amina's face"))
    client.force_login(writer)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert re.search(r'src="/media/images/[^"]+\.fill-\d+x\d+', html), "no profile avatar"


def test_a_piece_scheduled_at_the_desk_goes_live_when_publish_scheduled_runs(
    client, writer, editor, mailoutbox, monkeypatch
):
    from django.core.management import call_command

    page = f.story(title="On the hour", owner=writer, live=False)
    submit(client, writer, page)
    mailoutbox.clear()
    response = desk_post(
        client, editor, page, "schedule", go_live_at=GO_LIVE.strftime("%Y-%m-%dT%H:%M")
    )
    assert response["Location"] == "/admin/desk/"
    page.refresh_from_db()
    assert not page.live
    assert page.scheduled_revision.approved_go_live_at == GO_LIVE
    assert [m.subject for m in mailoutbox] == ['Scheduled: "On the hour"']
    assert page.current_workflow_state is None  # out of the queue
    client.force_login(editor)
    assert not soup(client.get(reverse("editorial_desk"))).select(".editorial-desk__queue tr")

    later = GO_LIVE + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_a_decision_on_a_piece_no_longer_in_review_is_a_message_not_an_error(
    client, writer, editor
):
    page = f.story(title="Decided already", owner=writer, live=False)
    submit(client, writer, page)
    desk_post(client, editor, page, "approve")
    response = desk_post(client, editor, page, "request_changes", note="Too late?")
    assert response.status_code == 302
    assert message_texts(response) == ["This piece is not waiting for review any more."]
    page.refresh_from_db()
    assert page.live
    review = soup(client.get(reverse("editorial_review", args=[page.pk])))
    assert "This piece is not waiting for review." in review.get_text()
    assert review.select_one("[data-status]").get_text(strip=True) == "Published"
