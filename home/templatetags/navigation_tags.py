"""The site's main menu: the pages under the site root marked "show in menus" that readers
may see (``visible()``: an expired index drops out even before publish_scheduled runs). A
page Wagtail served brings them from its route (``blog.trail``)."""

from django import template
from wagtail.models import Page, Site

from blog.querysets import VisiblePageQuerySet

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    current = context.get("page")
    route_trail = getattr(current, "route_trail", None)  # read with the page (blog.trail)
    site = Site.find_for_request(request) if request else None
    items = []
    if route_trail is not None:
        items = route_trail.menu()
    elif site is not None:
        children = VisiblePageQuerySet(Page).child_of(site.root_page)
        items = list(children.visible().in_menu().order_by("path"))
    return {
        "request": request,
        "items": items,
        "current_path": getattr(current, "url_path", ""),
    }
