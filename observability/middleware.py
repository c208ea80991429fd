"""One log record per request: its id, method, path, status, duration and user.

The id is the caller's ``X-Request-ID`` when it looks like one (a load balancer or another
service set it), else a new one; either way it is on ``request.request_id`` and echoed in the
response's ``X-Request-ID``, so a reader's report, gunicorn's access line and this record can
be matched. The record goes to the ``observability.requests`` logger, which the settings switch
on with ``LOG_FORMAT=json`` (``config/settings/base.py``); otherwise nothing is built.

Placed right below ``health.middleware.HealthMiddleware``: the probes, every few seconds from
each balancer, are not logged; everything else, the page cache's answers included, is.
"""

import logging
import re
import time
import uuid

from django.conf import settings

logger = logging.getLogger("observability.requests")

HEADER = "X-Request-ID"
# Letters, digits and the separators ids are made of (UUIDs, haproxy's unique-id, AWS's
# trace ids), at most 128: anything else is replaced rather than repeated into the logs.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")


def request_id(request):
    given = request.headers.get(HEADER, "")
    return given if SANE_ID.fullmatch(given) else uuid.uuid4().hex


def user_id(request):
    """The signed-in user's id, or None. ``request.user`` is only looked at when the request
    carries a session cookie: an anonymous reader's request never costs a query for it (and a
    page the page cache answered has no ``request.user`` at all)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id(request)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        if logger.isEnabledFor(logging.INFO):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id(request),
            }
            logger.info(
                "%s %s %s", request.method, request.path, response.status_code, extra=fields
            )
        return response
