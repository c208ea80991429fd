"""The admin upload: contributors and editors turn .md and .txt files into drafts they own,
with the same per-file messages ``import_stories`` prints.

Files are read in memory (no local path, so any of several app servers can take the
request) and imported by a task (importer/tasks.py), with ``user=request.user`` so page
permissions are checked: an upload only ever updates a page its uploader may edit, and never
publishes (editors publish from the page itself, after a look). With the worker's queue the
upload answers at once with a status page that refreshes until the report is there; where
tasks run in the request (tests, ``make run``) the report is the answer.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from django.views.generic.edit import FormView
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from editorial.permissions import may_upload

from .forms import StoryUploadForm
from .tasks import upload_arguments, upload_import

REFRESH_SECONDS = 2  # how often the status page looks again while the import runs


class _UploadPage(WagtailAdminTemplateMixin):
    template_name = "importer/admin/upload.html"
    page_title = "Import stories"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_upload(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or StoryUploadForm(),
            action_url=reverse("importer_upload"),
            submit_button_label="Import as drafts",
            submit_button_active_label="Importing…",
        )
        return context

    def render_outcome(self, result):
        """The report of a finished import, or the news that it failed."""
        if result.status == "SUCCESSFUL":
            return self.render_to_response(self.get_context_data(report=result.return_value))
        return self.render_to_response(self.get_context_data(import_failed=True))


class StoryUploadView(_UploadPage, FormView):
    form_class = StoryUploadForm

    def form_valid(self, form):
        arguments = upload_arguments(user=self.request.user, sources=form.sources())
        result = upload_import.enqueue(**arguments)
        if result.is_finished:  # run where it was enqueued
            return self.render_outcome(result)
        return redirect("importer_upload_status", result_id=result.id)


class StoryUploadStatusView(_UploadPage, TemplateView):
    """One upload's progress, for its uploader only."""

    def get(self, request, result_id):
        try:
            result = upload_import.get_result(str(result_id))
        except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError):
            raise Http404 from None  # NotImplementedError: a backend that keeps no results
        if result.kwargs.get("user_id") != request.user.pk:
            raise Http404
        if result.is_finished:
            return self.render_outcome(result)
        files = len(result.kwargs.get("files", []))
        response = self.render_to_response(self.get_context_data(importing=files))
        response["Refresh"] = str(REFRESH_SECONDS)
        return response
