"""The site's main menu: live pages under the site root marked "show in menus"."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        items = list(site.root_page.get_children().live().public().in_menu().order_by("path"))
    current = context.get("page")
    return {
        "request": request,
        "items": items,
        "current_path": getattr(current, "url_path", ""),
    }
