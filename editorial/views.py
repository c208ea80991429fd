"""The admin's Write page: what a writer may start, one click each (``editorial.write``)."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .write import may_write, write_choices


class WriteView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/write.html"
    page_title = "Write"
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        # Signed-out visitors never get here: Wagtail's admin sends them to log in first.
        if not may_write(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["choices"] = write_choices(self.request.user)
        return context
