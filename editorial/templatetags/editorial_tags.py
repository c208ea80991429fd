"""The editorial vocabulary (``editorial.selectors.LABELS``) in Wagtail's admin templates."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime

from editorial.selectors import CHANGES_REQUESTED, IN_REVIEW, LABELS, page_status, page_status_label

register = template.Library()


@register.simple_tag
def piece_status(page):
    """The state's key (``draft``, ``in_review`` …) of a page or other object with drafts."""
    return page_status(page)


@register.simple_tag
def piece_status_label(page):
    return page_status_label(page)


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
