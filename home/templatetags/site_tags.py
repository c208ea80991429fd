"""The site's frame around every page: the footer's own pages (About, Code of conduct) and
the read beacon of a story or tutorial (``home.reads``)."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page, Site

from blog import fragments
from blog.models import ArticlePage
from blog.querysets import VisiblePageQuerySet

register = template.Library()


def _footer_entries(request):
    from home.models import InfoPage  # the models load after the template tags

    site = Site.find_for_request(request)
    if site is None:
        return [], []
    pages = list(
        VisiblePageQuerySet(Page).child_of(site.root_page).visible().type(InfoPage).order_by("path")
    )
    return _entries(request, pages), pages


def _entries(request, pages):
    return [{"title": page.title, "url": page.get_url(request)} for page in pages]


@register.inclusion_tag("components/footer_pages.html", takes_context=True)
def footer_pages(context):
    """The site's own pages (About, Code of conduct) in the footer: read with the route
    when Wagtail served the page (``blog.trail``), else kept with the content's version
    as the menu is (one query when nothing is kept)."""
    request = context.get("request")
    route_trail = getattr(context.get("page"), "route_trail", None)
    items = []
    if route_trail is not None:
        items = _entries(request, route_trail.footer())
    elif request is not None:
        items = fragments.kept(request, ("footer-pages",), lambda: _footer_entries(request))
    return {"items": items}


@register.simple_tag(takes_context=True)
def read_beacon(context):
    """The deferred script that counts one read of the story or tutorial on show, for
    readers only: never on a preview (a draft) or any other page."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, ArticlePage) or not page.live:
        return ""
    if request is None or getattr(request, "is_preview", False):
        return ""
    return format_html(
        '<script src="{}" data-read-url="{}" defer></script>',
        static("js/reads.js"),
        reverse("read_beacon", args=[page.pk]),
    )
