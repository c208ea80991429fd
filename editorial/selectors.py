"""Where each of a writer's pieces stands, computed in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page, Revision, WorkflowState, get_default_page_content_type

from blog import kinds

DRAFT = "draft"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
SCHEDULED = "scheduled"
PUBLISHED = "published"
PUBLISHED_WITH_CHANGES = "published_with_changes"

LABELS = {
    DRAFT: "Draft",
    IN_REVIEW: "In review",
    CHANGES_REQUESTED: "Changes requested",
    SCHEDULED: "Scheduled",
    PUBLISHED: "Published",
    PUBLISHED_WITH_CHANGES: "Published, with draft changes",
}
MAX_PIECES = 50


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
    def kind_label(self):
        return self.page.specific_class.get_verbose_name().capitalize()


def _latest_workflow_states(ids):
    latest = {}
    states = (
        WorkflowState.objects.filter(
            base_content_type=get_default_page_content_type(), object_id__in=ids
        )
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


def _status(page, workflow_state, go_live_at):
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return Piece(page, IN_REVIEW)
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        return Piece(
            page,
            CHANGES_REQUESTED,
            comment=task_state.comment if task_state else "",
            decided_by=task_state.finished_by if task_state else None,
        )
    if go_live_at is not None:
        return Piece(page, SCHEDULED, go_live_at=go_live_at)
    if page.live:
        return Piece(page, PUBLISHED_WITH_CHANGES if page.has_unpublished_changes else PUBLISHED)
    return Piece(page, DRAFT)


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
    return [_status(page, states.get(str(page.pk)), scheduled.get(str(page.pk))) for page in pages]
