"""Wagtail's chooser widgets and panels without inline script.

Wagtail 8.0 starts each chooser (page, image, document, snippet, task) and each InlinePanel
and date picker with an inline ``<script>`` right after its HTML, which the
Content-Security-Policy refuses: it allows scripts from our static files only (and nonced
ones). Here the same call is written as data on a hidden element instead, and the admin's
``bj-init`` Stimulus controller (``static/contentsecurity/js/admin-init.js``) makes it when
the element appears: on page load, and in HTML added later (an InlinePanel's new child, a
modal), where an inline script would have run too. The templates in ``templates/wagtailadmin``
use the same element through ``{% init_call %}``.
"""

import json

from django.utils.html import escapejs, format_html
from django.utils.safestring import mark_safe


def init_call(call, *args):
    """A hidden element asking ``bj-init`` to call ``call(*args)`` once it is in the page.

    The arguments are JSON escaped the way Wagtail's inline scripts escape theirs
    (``escapejs``): every string ends in ``\\u0022``, which is what InlinePanel looks for when
    it replaces ``__prefix__`` in a new child's HTML with the child's number.
    """
    return format_html(
        '<span hidden data-controller="bj-init" data-bj-init-call-value="{}" '
        'data-bj-init-args-value="{}"></span>',
        call,
        escapejs(json.dumps(args)),
    )


def _render_chooser(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render, with ``init_call`` where Wagtail writes ``<script>``."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if isinstance(self, AdminTaskChooser):
        init = init_call("createTaskChooser", id_)
    elif type(self).render_js_init is BaseChooser.render_js_init:
        init = init_call(self.js_constructor, id_, self.get_js_init_options(id_, name, value_data))
    else:
        # A chooser with a script of its own keeps it: the policy refuses it and the
        # browser tests' CSP check names it, rather than it silently doing nothing.
        return _wagtail_render(self, name, value, attrs, renderer)
    # Wagtail's own widget HTML, and our element with its values escaped.
    return mark_safe(f"{widget_html}{init}")


_wagtail_render = None


def render_choosers_without_inline_script():
    global _wagtail_render  # set once, when the app is ready
    from wagtail.admin.widgets import BaseChooser

    if _wagtail_render is None:
        _wagtail_render = BaseChooser.render
        BaseChooser.render = _render_chooser
