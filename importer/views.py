"""The admin upload: contributors and editors turn .md and .txt files into drafts they own,
with the same per-file messages ``import_stories`` prints.

Files are read in memory (no local path, so any of several app servers can take the
request) and go through the same service as the command, with ``user=request.user`` so
page permissions are checked: an upload only ever updates a page its uploader may edit,
and never publishes (editors publish from the page itself, after a look).
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic.edit import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from blog.bounded import time_budget
from editorial.permissions import may_upload

from .forms import StoryUploadForm
from .services import stories_import

# The most one upload may spend formatting Markdown, all files together: twenty files that
# each take just under the per-text limit must not hold an app server for a minute.
UPLOAD_FORMATTING_SECONDS = 6


class StoryUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = StoryUploadForm
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
            action_url=reverse("importer_upload"),
            submit_button_label="Import as drafts",
            submit_button_active_label="Importing…",
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        with time_budget(UPLOAD_FORMATTING_SECONDS):
            report = stories_import(sources=form.sources(), owner=user, user=user, publish=False)
        rows = []
        for result in report.results:
            edit_url = ""
            if result.page_id and not result.failed:
                edit_url = reverse("wagtailadmin_pages:edit", args=[result.page_id])
            rows.append({"result": result, "edit_url": edit_url})
        context = self.get_context_data(form=self.form_class(), report=report, rows=rows)
        return self.render_to_response(context)
