"""The editor's desk: the review queue, the review screen with its three decisions, and
featuring a piece on the home page. Editors only; everyone else is refused (a page they
open: back to the dashboard with a message; an action they post: 403, nothing changed)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtail.models import Page

from . import services, wording
from .permissions import is_editor
from .selectors import (
    LABELS,
    last_reviewed_revisions,
    page_status,
    review_queue,
    writers_notes,
)

REFUSED = "Only editors can review, schedule or feature pieces. Nothing was changed."


def editors_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_editor(request.user):
            if request.method == "POST":
                # Wagtail turns PermissionDenied into a redirect; a refused write says 403.
                return HttpResponseForbidden(REFUSED, content_type="text/plain; charset=utf-8")
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapped


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label="Go live at (UTC)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "required": "Choose when it goes live.",
            "invalid": "Enter a date and time, such as 2026-12-04 09:00.",
        },
    )


def _refusal(request, error):
    messages.error(request, " ".join(error.messages))


@editors_only
def queue(request):
    return TemplateResponse(
        request, "editorial/desk/queue.html", {"waiting": review_queue(), "labels": LABELS}
    )


def _compare_url(page, revision_id):
    if revision_id is None:
        return ""
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, revision_id, "latest"])


@editors_only
def review(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    workflow_state = page.current_workflow_state
    task_state = page.current_workflow_task_state
    reviewed_revision_id = last_reviewed_revisions([page.pk]).get(page.pk)
    writer = workflow_state.requested_by if workflow_state else None
    note = writers_notes({(page.pk, writer.pk)}).get(page.pk, "") if writer else ""
    context = {
        "page": page,
        "status": page_status(page),
        "status_label": LABELS[page_status(page)],
        "workflow_state": workflow_state,
        "task_state": task_state,
        "in_review": task_state is not None,
        "note": note,
        "compare_url": _compare_url(page, reviewed_revision_id),
        "compare_live_url": (
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"])
            if reviewed_revision_id is None and page.live
            else ""
        ),
        "schedule_form": ScheduleForm(),
        "featurable": services.is_featurable(page),
        "featured": services.is_featured(page),
    }
    return TemplateResponse(request, "editorial/desk/review.html", context)


def _page(page_id):
    return get_object_or_404(Page, pk=page_id).specific


@require_POST
@editors_only
def approve(request, page_id):
    page = _page(page_id)
    try:
        page = services.piece_approve(
            page=page, editor=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        _refusal(request, error)
        return redirect("editorial_review", page.pk)
    messages.success(request, wording.approved(page))
    return redirect("editorial_desk")


@require_POST
@editors_only
def request_changes(request, page_id):
    page = _page(page_id)
    note = request.POST.get("note", "")
    try:
        writer = services.piece_request_changes(page=page, editor=request.user, note=note)
    except ValidationError as error:
        _refusal(request, error)
        return redirect("editorial_review", page.pk)
    messages.success(request, wording.changes_requested(writer, note.strip()))
    return redirect("editorial_desk")


@require_POST
@editors_only
def schedule(request, page_id):
    page = _page(page_id)
    form = ScheduleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["go_live_at"])
        page = services.piece_schedule(
            page=page,
            editor=request.user,
            go_live_at=form.cleaned_data["go_live_at"],
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        _refusal(request, error)
        return redirect("editorial_review", page.pk)
    messages.success(request, wording.approved(page))
    return redirect("editorial_desk")


@editors_only
def feature(request, page_id):
    """GET: the toggle for one piece (linked from its edit screen); POST: flip it."""
    page = _page(page_id)
    if request.method == "POST":
        on = request.POST.get("featured") == "on"
        try:
            services.piece_feature(page=page, editor=request.user, on=on)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, wording.featured(page, on))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("editorial_feature", args=[page.pk])
        return redirect(next_url)
    context = {
        "page": page,
        "featurable": services.is_featurable(page),
        "featured": services.is_featured(page),
    }
    return TemplateResponse(request, "editorial/desk/feature.html", context)
