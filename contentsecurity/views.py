"""Where browsers report what the Content-Security-Policy refused (its ``report-uri``).

Each report becomes one warning in the log, so a page the policy breaks, or a script
someone tried to slip in, shows up there. Anyone can post here, so a report is read up to a
small size, and each field logged is cut short and quoted.
"""

import json
import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)

MAX_REPORT_BYTES = 16 * 1024
MAX_FIELD_CHARS = 300
FIELDS = (
    "document-uri",
    "effective-directive",
    "violated-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "script-sample",
)


@csrf_exempt  # browsers send reports without a token
@require_POST
def csp_report(request):
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("A report is at most 16 KB.", content_type="text/plain")
    try:
        report = json.loads(body).get("csp-report")
    except (ValueError, AttributeError, RecursionError):
        report = None
    if not isinstance(report, dict):
        return HttpResponseBadRequest(
            'Send a JSON object with a "csp-report" object, as browsers do.',
            content_type="text/plain",
        )
    details = {name: str(report.get(name, ""))[:MAX_FIELD_CHARS] for name in FIELDS}
    logger.warning("Content-Security-Policy violation: %r", details)
    return HttpResponse(status=204)
