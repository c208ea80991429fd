"""Site-wide plain views: robots.txt and the favicon's old address; the read beacon
(``home.reads``); and Wagtail's page view, with the route kept
(``blog.trail.remember_route``)."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail import views as wagtail_views

from blog.trail import remember_route

from . import reads


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
        "Disallow: /search/suggest/",
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


@csrf_exempt  # a kept page has no CSRF token, and a read changes nothing but a number
@require_POST
def read_beacon(request, page_id):
    """One read of a story or tutorial readers can see: 204, and nothing set or kept about
    the reader. Anything else is 404; more than a client's share a minute is 429."""
    if not reads.client_may_count(request):
        return HttpResponse(status=429)
    try:
        reads.read_record(page_id=page_id)
    except reads.ReadRefusedError:
        raise Http404("No story or tutorial here.") from None
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
