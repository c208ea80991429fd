"""Admin pages for writers: Write (what a writer may start, one click each,
``editorial.write``) and the Markdown help the editor's "?" button opens."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from blog.images import WIDTHS
from blog.rendering import MAX_MARKDOWN_CHARS

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


class MarkdownHelpView(WagtailAdminTemplateMixin, TemplateView):
    """How to write a story in Markdown on this site: our own page, in the admin, so the
    help button sends nobody to another site."""

    template_name = "editorial/markdown_help.html"
    page_title = "Writing in Markdown"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(max_chars=MAX_MARKDOWN_CHARS, widest=WIDTHS[-1])
        return context
