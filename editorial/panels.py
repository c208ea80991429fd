"""The writer's dashboard panels: Write, and each of their pieces and where it stands."""

from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from .permissions import is_editor
from .selectors import writer_pieces
from .write import write_choices


class WriterPiecesPanel(Component):
    name = "writer_pieces"
    order = 50
    template_name = "editorial/panels/writer_pieces.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pieces"] = self.pieces
        return context

    @cached_property
    def pieces(self):
        return writer_pieces(self.user)

    def render_html(self, parent_context=None):
        # Editors who have written nothing themselves do not need an empty panel.
        if not self.pieces and is_editor(self.user):
            return ""
        return super().render_html(parent_context)


class WritePanel(Component):
    """Write on the dashboard: a new story, a new tutorial, an import."""

    name = "write"
    order = 40
    template_name = "editorial/panels/write.html"

    def __init__(self, user):
        self.user = user

    @cached_property
    def choices(self):
        return write_choices(self.user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["choices"] = self.choices
        return context

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.choices else ""
