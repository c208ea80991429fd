"""An upload the S3 media storage cannot take (the store is down, or refuses it) gets a clear
message in the admin instead of a server error.

Nothing half-made is left behind: Django writes a file to its storage before it inserts the
row, so when the storage fails there is no image or document record without a file.
"""

import logging

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from .storage import S3_ERRORS

logger = logging.getLogger(__name__)

MESSAGE = (
    "The file could not be stored: the media storage is not answering or refused it. "
    "Nothing was saved. Try again in a few minutes, and tell an administrator if it keeps "
    "happening."
)
REASON = "Media storage unavailable"


class StorageErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not request.FILES:
            return None
        if not isinstance(exception, S3_ERRORS):
            return None
        logger.error(
            "Upload to the media storage failed at %s: %s",
            request.path,
            exception,
            exc_info=exception,
        )
        if "files[]" in request.FILES:
            # Wagtail's multiple uploader: it shows `error_message` under the file it sent.
            return JsonResponse({"success": False, "error_message": MESSAGE})
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # A chooser's upload tab: it reports the status line of a failed request.
            return HttpResponse(MESSAGE, status=503, reason=REASON, content_type="text/plain")
        messages.error(request, MESSAGE)
        return redirect(request.get_full_path())
