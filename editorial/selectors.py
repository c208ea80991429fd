"""Where each piece stands, in one vocabulary, computed in a fixed number of queries.

``LABELS`` is the one place a piece's state is named: the writer's dashboard, the explorer's
status column and the status side panel (template overrides in ``templates/wagtailadmin``),
the editor's desk, the workflow emails and the admin's messages (``editorial.wording``) all
read it. Wagtail's own words ("in moderation", "live + draft", "Awaiting …") never reach a
writer.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import (
    Comment,
    Page,
    Revision,
    TaskState,
    WorkflowState,
    get_default_page_content_type,
)

from blog import kinds

DRAFT = "draft"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
SCHEDULED = "scheduled"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"

LABELS = {
    DRAFT: "Draft",
    IN_REVIEW: "In review",
    CHANGES_REQUESTED: "Changes requested",
    SCHEDULED: "Scheduled",
    PUBLISHED: "Published",
    UNPUBLISHED: "Unpublished",
}
MAX_PIECES = 50
MAX_QUEUE = 200


def status_key(*, live, ever_published, workflow_status=None, scheduled=False):
    """The one rule: a review under way says so first, then a schedule, then live or not."""
    if workflow_status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW
    if workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    if scheduled:
        return SCHEDULED
    if live:
        return PUBLISHED
    return UNPUBLISHED if ever_published else DRAFT


def page_status(page):
    """The state of one page (or snippet-like object with Wagtail's draft and workflow
    mixins). Reads what Wagtail's listings already prefetch (``_current_workflow_states``,
    ``_approved_schedule``), so the explorer's status column costs no query per row."""
    workflow_status = None
    if hasattr(page, "_current_workflow_states"):
        states = page._current_workflow_states
        workflow_status = states[0].status if states else None
    elif getattr(page, "pk", None) and hasattr(page, "current_workflow_state"):
        state = page.current_workflow_state
        workflow_status = state.status if state else None
    scheduled = bool(getattr(page, "approved_schedule", False))
    return status_key(
        live=getattr(page, "live", True),
        ever_published=getattr(page, "last_published_at", None) is not None,
        workflow_status=workflow_status,
        scheduled=scheduled,
    )


def page_status_label(page):
    return LABELS[page_status(page)]


@dataclass(frozen=True)
class Piece:
    page: Page
    status: str
    comment: str = ""
    decided_by: AbstractBaseUser | None = None
    go_live_at: datetime | None = None

    @property
    def status_label(self):
        return LABELS[self.status]

    @property
    def draft_changes(self):
        """A published piece whose latest changes are not live yet."""
        return self.status == PUBLISHED and self.page.has_unpublished_changes

    @property
    def kind_label(self):
        return self.page.specific_class.get_verbose_name().capitalize()


def _page_states(ids):
    return WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(), object_id__in=[str(i) for i in ids]
    )


def _latest_workflow_states(ids):
    latest = {}
    states = (
        _page_states(ids)
        .select_related("current_task_state__finished_by")
        .order_by("object_id", "-created_at", "-pk")
    )
    for state in states:
        latest.setdefault(state.object_id, state)
    return latest


def _scheduled(ids):
    revisions = Revision.page_revisions.filter(
        object_id__in=ids, approved_go_live_at__isnull=False
    ).order_by("object_id", "-created_at")
    scheduled = {}
    for revision in revisions:
        scheduled.setdefault(revision.object_id, revision.approved_go_live_at)
    return scheduled


def _piece(page, workflow_state, go_live_at):
    workflow_status = workflow_state.status if workflow_state is not None else None
    status = status_key(
        live=page.live,
        ever_published=page.last_published_at is not None,
        workflow_status=workflow_status,
        scheduled=go_live_at is not None,
    )
    if status == CHANGES_REQUESTED:
        task_state = workflow_state.current_task_state
        return Piece(
            page,
            status,
            comment=task_state.comment if task_state else "",
            decided_by=task_state.finished_by if task_state else None,
        )
    if status == SCHEDULED:
        return Piece(page, status, go_live_at=go_live_at)
    return Piece(page, status)


def writer_pieces(user):
    """The user's own stories, tutorials and author profile, most recently edited first."""
    pages = list(
        Page.objects.type(*kinds.models())
        .filter(owner=user)
        .order_by("-latest_revision_created_at", "-pk")[:MAX_PIECES]
    )
    ids = [str(page.pk) for page in pages]
    states = _latest_workflow_states(ids)
    scheduled = _scheduled(ids)
    return [_piece(page, states.get(str(page.pk)), scheduled.get(str(page.pk))) for page in pages]


# The editor's desk ---------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """A piece in the review queue: who sent it, since when, their note, and the revision
    the editors last decided on (to compare the writer's changes with)."""

    page: Page
    workflow_state: WorkflowState
    task_state: TaskState
    note: str = ""
    reviewed_revision_id: int | None = None

    @property
    def writer(self):
        return self.workflow_state.requested_by

    @property
    def waiting_since(self):
        return self.task_state.started_at

    @property
    def wait(self):
        return timezone.now() - self.waiting_since

    @property
    def status_label(self):
        return LABELS[IN_REVIEW]

    @property
    def kind_label(self):
        return self.page.specific_class.get_verbose_name().capitalize()

    @property
    def resubmitted(self):
        return self.reviewed_revision_id is not None


def writers_notes(pages_and_writers):
    """The newest open admin comment each writer left on their own piece: what they wrote
    to the editors when they submitted it."""
    if not pages_and_writers:
        return {}
    comments = (
        Comment.objects.filter(
            page_id__in=[page_id for page_id, _ in pages_and_writers], resolved_at__isnull=True
        )
        .order_by("page_id", "-created_at", "-pk")
        .only("page_id", "user_id", "text", "created_at")
    )
    notes = {}
    for comment in comments:
        if (comment.page_id, comment.user_id) in pages_and_writers:
            notes.setdefault(comment.page_id, comment.text)
    return notes


def last_reviewed_revisions(ids):
    """For each page, the revision of the last decision an editor made on it (changes
    requested or approved), whatever was saved or autosaved since."""
    decisions = (
        TaskState.objects.filter(
            workflow_state__base_content_type=get_default_page_content_type(),
            workflow_state__object_id__in=[str(i) for i in ids],
            status__in=[TaskState.STATUS_REJECTED, TaskState.STATUS_APPROVED],
            finished_by__isnull=False,
        )
        .order_by("-finished_at", "-pk")
        .values_list("workflow_state__object_id", "revision_id")
    )
    reviewed = {}
    for object_id, revision_id in decisions:
        reviewed.setdefault(int(object_id), revision_id)
    return reviewed


def review_queue(limit=MAX_QUEUE):
    """Pieces waiting for an editor, the longest-waiting first, in five queries whatever
    the queue's length."""
    states = list(
        _page_states_in_progress()
        .select_related("requested_by", "current_task_state")
        .order_by("current_task_state__started_at", "pk")[:limit]
    )
    ids = [int(state.object_id) for state in states]
    pages = Page.objects.filter(pk__in=ids).select_related("owner").in_bulk()
    notes = writers_notes({(int(s.object_id), s.requested_by_id) for s in states})
    reviewed = last_reviewed_revisions(ids)
    return [
        Waiting(
            page=pages[int(state.object_id)],
            workflow_state=state,
            task_state=state.current_task_state,
            note=notes.get(int(state.object_id), ""),
            reviewed_revision_id=reviewed.get(int(state.object_id)),
        )
        for state in states
        if int(state.object_id) in pages and state.current_task_state is not None
    ]


def _page_states_in_progress():
    return WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )


@dataclass(frozen=True)
class QueueSummary:
    count: int
    median_wait: timedelta | None


def queue_summary():
    """How many pieces wait for review and the median of their waits, in one query."""
    now = timezone.now()
    started = list(
        _page_states_in_progress()
        .filter(current_task_state__isnull=False)
        .values_list("current_task_state__started_at", flat=True)
    )
    waits = [now - moment for moment in started]
    return QueueSummary(count=len(waits), median_wait=statistics.median(waits) if waits else None)
