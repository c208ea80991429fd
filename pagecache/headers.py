"""What browsers and a CDN may keep of a response.

A reader's page (anonymous ``GET`` or ``HEAD`` without a session, answered 200 or 404,
setting no cookie and holding no CSRF token) may be kept by anyone: ``Cache-Control:
public`` with a short ``max-age`` for browsers and a longer ``s-maxage`` for a shared cache
in front of the site.
Django's ``ConditionalGetMiddleware`` gives it an ``ETag`` and answers a conditional ``GET``
with 304. Everything a signed-in user gets is ``private, no-store``: their pages show their
name, their drafts and their tokens. A response that already says how it may be cached
(the admin, Wagtail's password form, the sign-up pages) is left as it is, and so are the
addresses below, which are never readers' pages.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

NOT_READER_PAGES = (
    "/admin/", "/api/", "/documents/", "/write-for-us/", "/follow/", "/csp-report/", "/_util/",
    "/healthz", "/readyz",
)  # fmt: skip
SHAREABLE_STATUSES = {200, 404}


def shareable(request, response):
    """Whether anyone may keep this response: the same for every anonymous reader."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUSES
        and not response.cookies
        # A session makes a reader's page their own: a page whose password they gave,
        # a message waiting for them.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.path.startswith(NOT_READER_PAGES)
    )


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.READER_CACHE_SECONDS,
                s_maxage=settings.SHARED_CACHE_SECONDS,
            )
        return response
