"""The editorial vocabulary (``editorial.selectors.LABELS``) in Wagtail's admin templates."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from wagtail.models import Page

from editorial.selectors import (
    CHANGES_REQUESTED,
    DRAFT,
    IN_REVIEW,
    LABELS,
    SCHEDULED,
    UNPUBLISHED,
    page_status,
    page_status_label,
)

register = template.Library()


@register.simple_tag
def piece_status(page):
    """The state's key (``draft``, ``in_review`` …) of a page or other object with drafts."""
    return page_status(page)


@register.simple_tag
def piece_status_label(page):
    return page_status_label(page)


@register.simple_tag
def draft_status_label(page):
    """The status panel's line for a page's newest revision when no review is under way:
    "Scheduled" when it waits for its go-live time; beside a live version, "Draft"; else
    the page's own state ("Draft", or "Unpublished" once taken down). Never Wagtail's plain
    "Draft" for a piece an editor has scheduled."""
    status = page_status(page)
    if status == SCHEDULED:
        return LABELS[SCHEDULED]
    if page.live:
        return LABELS[DRAFT]
    # The edit screen's page is its newest revision, whose stored ``last_published_at`` may
    # predate the publish: the page's own record says whether it was ever live.
    if (
        status == DRAFT
        and page.pk
        and Page.objects.filter(pk=page.pk, last_published_at__isnull=False).exists()
    ):
        return LABELS[UNPUBLISHED]
    return LABELS[status]


@register.simple_tag
def workflow_line(workflow_state):
    """ "In review, sent 3 hours ago" / "Changes requested 2 hours ago", instead of the
    task's name ("Sent to Editors' review …")."""
    task_state = workflow_state.current_task_state
    if task_state is None:
        return ""
    if workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        return f"{LABELS[CHANGES_REQUESTED]} {naturaltime(task_state.finished_at)}"
    return f"{LABELS[IN_REVIEW]}, sent {naturaltime(task_state.started_at)}"
