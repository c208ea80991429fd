"""What the admin tells people after each editorial action, in the words of
``editorial.selectors.LABELS``: what happened, to whom, and what comes next."""

from django.utils import dateformat, timezone
from django.utils.timesince import timesince

from .selectors import LABELS, PUBLISHED, SCHEDULED, UNPUBLISHED, page_status


def display_name(user):
    if user is None:
        return "the writer"
    return user.get_full_name() or user.get_short_name() or user.get_username()


def when(moment):
    """4 December, 09:00 UTC (the year only when it is not this year's)."""
    local = timezone.localtime(moment)
    pattern = "j F, H:i T" if local.year == timezone.localtime().year else "j F Y, H:i T"
    return dateformat.format(local, pattern)


def submitted(page):
    return f"Sent to the editors: “{page.get_admin_display_title()}” is now {LABELS['in_review']}."


def changes_requested(writer, note):
    name = display_name(writer)
    return f"Sent back to {name} with your note." if note else f"Sent back to {name}."


def approved(page):
    """After an approval: published now, or scheduled for its go-live date."""
    revision = page.scheduled_revision
    if revision is not None:
        return f"{LABELS[SCHEDULED]} for {when(revision.approved_go_live_at)}."
    if page.live:
        return f"Approved and {LABELS[PUBLISHED].lower()}."
    return "Approved."


def saved(page):
    """After "Save draft": what the piece is now, and whether readers see the change."""
    status = page_status(page)
    if status == PUBLISHED and page.has_unpublished_changes:
        return f"Saved. Status: {LABELS[PUBLISHED]}; readers see these changes once published."
    return f"Saved. Status: {LABELS[status]}."


def created(page):
    return f"{LABELS[page_status(page)]} created: “{page.get_admin_display_title()}”."


def published(page):
    """After an editor publishes directly: live now, or scheduled."""
    revision = page.scheduled_revision
    if revision is not None:
        return f"{LABELS[SCHEDULED]} for {when(revision.approved_go_live_at)}."
    title = page.get_admin_display_title()
    return f"“{title}” is {LABELS[PUBLISHED].lower()}: readers see it now."


def unpublished(page):
    title = page.get_admin_display_title()
    return f"{LABELS[UNPUBLISHED]}: readers no longer see “{title}”."


def featured(page, on):
    title = page.get_admin_display_title()
    if on:
        return f"“{title}” is now featured on the home page."
    return f"“{title}” is no longer featured on the home page."


def duration(span):
    """A wait in words, to the two largest units: "2 days, 3 hours", "5 minutes"."""
    if span is None:
        return ""
    now = timezone.now()
    return timesince(now - span, now)
