"""The site's main menu: the pages under the site root marked "show in menus" that readers
may see (``visible()``: an expired index drops out even before publish_scheduled runs). A
page Wagtail served brings them from its route (``blog.trail``); any other view's are kept
with the content's version (``blog.fragments``)."""

from django import template
from wagtail.models import Page, Site

from blog import fragments
from blog.querysets import VisiblePageQuerySet

register = template.Library()


def _entries(request, pages):
    return [
        {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}
        for page in pages
    ]


def _menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    children = VisiblePageQuerySet(Page).child_of(site.root_page)
    return list(children.visible().in_menu().order_by("path"))


def _kept_entries(request):
    pages = _menu_pages(request)
    return _entries(request, pages), pages


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    current = context.get("page")
    route_trail = getattr(current, "route_trail", None)  # read with the page (blog.trail)
    items = []
    if route_trail is not None:
        items = _entries(request, route_trail.menu())
    elif request is not None:
        items = fragments.kept(request, ("menu",), lambda: _kept_entries(request))
    return {
        "request": request,
        "items": items,
        "current_path": getattr(current, "url_path", ""),
    }
