from django import template

from blog import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Title, description, canonical link, Open Graph, Twitter card and JSON-LD for the
        current page. Plain Django views put a ``meta`` dict (``seo.view_meta``) in context, and
    so do the pages whose meta is kept with their content (``blog.fragments``)."""
    return context.get("meta") or seo.context_meta(context["request"], context)
