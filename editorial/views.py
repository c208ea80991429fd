"""Admin pages for writers: the Markdown help the editor's "?" button opens."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from blog.images import WIDTHS
from blog.rendering import MAX_MARKDOWN_CHARS


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
