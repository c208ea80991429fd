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
        VisiblePageQuerySet(Page)
        .child_of(site.root_page)
        .visible()
        .type(InfoPage)
        .filter(infopage__in_footer=True)
        .order_by("path")
    )
    return [{"title": page.title, "url": page.get_url(request)} for page in pages], pages


@register.inclusion_tag("components/footer_pages.html", takes_context=True)
def footer_pages(context):
    """The site's own pages in the footer, kept with the content's version (one query when
    nothing is kept, none otherwise)."""
    request = context.get("request")
    items = []
    if request is not None:
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
