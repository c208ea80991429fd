"""Links that change one filter of the current search and keep the rest."""

from django import template
from django.http import QueryDict

from search.forms import MAX_QUERY_LENGTH

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_url(context, name, value=""):
    """This search with filter ``name`` set to ``value`` (or removed when empty), back on
    the first page. The filter's name comes from the facet, so it cannot be a keyword
    argument to ``query_with``."""
    request = context.get("request")
    params = request.GET.copy() if request else QueryDict(mutable=True)
    params.pop("page", None)
    if value in (None, ""):
        params.pop(name, None)
    else:
        params[name] = str(value)
    return f"?{params.urlencode()}"


@register.simple_tag
def query_max_length():
    """The search boxes' ``maxlength``: the length the server cuts a query to
    (``search.forms.clean_query``), so what a box takes is what is searched."""
    return MAX_QUERY_LENGTH
