"""The probes' addresses, answered ahead of the host check, the HTTPS redirect, the
session and the page cache (``health/views.py``)."""

from . import views


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return views.answer(request) or self.get_response(request)
