"""The editor's decisions on a piece in review, and featuring it on the home page.

Each use case checks who may do it (``PermissionDenied`` otherwise) and changes nothing when
it refuses; views, and the desk's buttons, call these instead of Wagtail's generic screens.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .permissions import is_editor

MAX_FEATURED = 6  # the home page's "Featured" panel allows as many


def _task_state_for(page, user, action):
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise ValidationError("This piece is not waiting for review any more.")
    task = task_state.task.specific
    names = [name for name, _label, _modal in task.get_actions(page, user)]
    if action not in names:
        raise PermissionDenied
    return task_state, task


@transaction.atomic
def piece_approve(*, page, editor, comment=""):
    """Approve: the workflow publishes the latest revision (now, or on its go-live date)."""
    page = page.specific
    task_state, task = _task_state_for(page, editor, "approve")
    task.on_action(task_state, editor, "approve", comment=comment.strip())
    page.refresh_from_db()
    return page


@transaction.atomic
def piece_request_changes(*, page, editor, note):
    """Send the piece back to its writer with the editor's note (required)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError("Write a note for the writer: what should change?")
    page = page.specific
    task_state, task = _task_state_for(page, editor, "reject")
    writer = task_state.workflow_state.requested_by
    task.on_action(task_state, editor, "reject", comment=note)
    return writer


@transaction.atomic
def piece_schedule(*, page, editor, go_live_at: datetime, comment=""):
    """Approve with a go-live date: a revision carrying the date is what the workflow
    publishes, so the page waits, scheduled, for ``publish_scheduled`` (the worker)."""
    if go_live_at <= timezone.now():
        raise ValidationError("Choose a date and time in the future.")
    page = page.specific
    _task_state_for(page, editor, "approve")  # refuse before writing anything
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = go_live_at
    draft.save_revision(user=editor, log_action=True, clean=False)
    return piece_approve(page=page, editor=editor, comment=comment)


def home_page():
    from home.models import HomePage

    return HomePage.objects.live().order_by("path").first()


def is_featurable(page):
    """Stories and tutorials (article kinds) can be featured once they are published."""
    from blog.models import ArticlePage

    return isinstance(page.specific, ArticlePage) and page.live


def is_featured(page, home=None):
    home = home or home_page()
    return home is not None and home.featured_items.filter(page_id=page.pk).exists()


@transaction.atomic
def piece_feature(*, page, editor, on: bool):
    """Add the piece to the home page's featured picks, or take it off, by publishing a new
    revision of the home page (so its history says who featured what, and the page cache's
    publish generation moves on)."""
    from blog.models import ArticlePage
    from home.models import HomeFeaturedItem

    if not is_editor(editor):
        raise PermissionDenied
    home = home_page()
    if home is None:
        raise ValidationError("There is no published home page to feature it on.")
    article = ArticlePage.objects.filter(pk=page.pk).first()
    if article is None:
        raise ValidationError("Only stories and tutorials can be featured.")
    if on and not article.live:
        raise ValidationError("Only a published piece can be featured on the home page.")
    if home.has_unpublished_changes:
        raise ValidationError(
            "The home page has unpublished changes: publish or discard them first, so "
            "featuring this piece does not publish them too."
        )
    items = list(home.featured_items.all())
    present = any(item.page_id == article.pk for item in items)
    if on == present:
        return home
    if on:
        if len(items) >= MAX_FEATURED:
            raise ValidationError(
                f"The home page already features {MAX_FEATURED} pieces: remove one first."
            )
        items.append(HomeFeaturedItem(page=article))
    else:
        items = [item for item in items if item.page_id != article.pk]
    home.featured_items = items
    revision = home.save_revision(user=editor, log_action=True)
    revision.publish(user=editor)
    return home


def page_for_review(page_id):
    return Page.objects.filter(pk=page_id).first()
