"""``{% init_call %}`` for the admin templates that Wagtail writes with an inline script
(see ``contentsecurity.choosers``)."""

import json

from django import template

from contentsecurity.choosers import init_call as init_call_element

register = template.Library()


@register.simple_tag
def init_call(call, *args):
    return init_call_element(call, *args)


@register.filter
def parse_json(text):
    """Wagtail hands some options over as JSON text; ``init_call`` encodes them again."""
    return json.loads(text)
