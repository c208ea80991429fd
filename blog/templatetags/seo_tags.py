from django import template

from blog import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Title, description, canonical link, Open Graph, Twitter card and JSON-LD for the
    current page. Plain Django views put a ``meta`` dict (``seo.view_meta``) in context."""
    if context.get("meta"):
        return context["meta"]
    request = context["request"]
    page = context.get("page")
    listing = context.get("items") or context.get("articles")
    number = getattr(listing, "number", 1)
    if page is not None and hasattr(page, "get_url"):
        return seo.page_meta(request, page, page_number=number)
    return seo.view_meta(request, title=seo.site_name(), description=seo.DEFAULT_DESCRIPTION)
