"""An upload the S3 media storage cannot take (the store is down, or refuses it) gets a clear
message in the admin instead of a server error.

Nothing half-made is left behind: Django writes a file to its storage before it inserts the
row, so when the storage fails there is no image or document record without a file.
"""

import logging

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from wagtail.documents import get_document_model
from wagtail.documents.views.chooser import DocumentChooserUploadView
from wagtail.images import get_image_model
from wagtail.images.views.chooser import ImageUploadViewMixin

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
            # A chooser's upload tab (the page editor's "Choose an image"): its form again,
            # the message on top, as for a file that is refused.
            return chooser_upload_form_with_message(request) or HttpResponse(
                MESSAGE, status=503, reason=REASON, content_type="text/plain"
            )
        messages.error(request, MESSAGE)
        return redirect(request.get_full_path())


def chooser_upload_form_with_message(request):
    """The upload tab of the image or document chooser, shown again with ``MESSAGE``, as
    the chooser's own view shows a refused file; None for any other request.

    A failed request would only give the editor "Server Error: report this error to your
    website administrator" and the status code (behind HTTP/2, not even the status line)."""
    match = request.resolver_match
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    if view_class is None:
        return None
    if issubclass(view_class, ImageUploadViewMixin):
        model = get_image_model()
    elif issubclass(view_class, DocumentChooserUploadView):
        model = get_document_model()
    else:
        return None
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    view.model = model
    view.form = view.get_creation_form()  # bound to what was sent, so the title stays
    view.form._errors = ErrorDict()  # validated already: it failed while being stored
    view.form.cleaned_data = {}
    view.form.add_error(None, MESSAGE)
    return view.get_reshow_creation_form_response()
