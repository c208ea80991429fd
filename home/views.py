"""Site-wide plain views: robots.txt and the favicon's old address; and Wagtail's page
view, with the route kept (``blog.trail.remember_route``)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from blog.trail import remember_route


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    if settings.SITE_NOINDEX:  # staging (home/indexing.py): no crawler anywhere
        return HttpResponse(
            "User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8"
        )
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "Disallow: /search/",
        "Disallow: /write-for-us/confirm/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def serve(request, path):
    """Wagtail's page view (at ``wagtail.urls``' own address), after the site and route are
    read from the cache when the content has not changed since they were found."""
    remember_route(request, path)
    return wagtail_views.serve(request, path)
