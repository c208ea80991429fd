"""Whether search engines may index this site. A staging site (``SITE_NOINDEX``, set by
``config/settings/staging.py``) answers every request with ``X-Robots-Tag: noindex`` and its
robots.txt disallows everything (``home/views.py``), so a copy of the publication never
competes with the real one in search results."""

from django.conf import settings


class NoIndexMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SITE_NOINDEX:
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
