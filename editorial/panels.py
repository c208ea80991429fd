"""The admin dashboard's panels: Write, the writer's pieces and where each stands, and for
editors how many pieces wait for review and for how long."""

from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from .permissions import is_editor
from .selectors import queue_summary, writer_pieces
from .wording import duration
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
        # Nothing written yet: where to start, as on Write.
        context["choices"] = [] if self.pieces else write_choices(self.user)
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


class ReviewQueuePanel(Component):
    """Editors: the count of pieces in review and the median wait, linking to the queue."""

    name = "review_queue"
    order = 40
    template_name = "editorial/panels/review_queue.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        summary = queue_summary()
        context["count"] = summary.count
        context["median_wait"] = duration(summary.median_wait)
        return context
