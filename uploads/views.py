"""The Markdown editor's picture upload: the image button, a paste and a drop send the file
here with its alt text, and get back the Markdown that shows it (``![alt](image:42)``).

An admin view (signed in, with access to the admin), POST only and CSRF-protected like every
admin form. It answers JSON: 201 with the image, or an error with a message the editor shows
as it is: 400 for no alt text or a file that is not an accepted image, 403 without image
"add" permission, 413 for a file over ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, 503 when the media
storage does not answer. Nothing is stored unless the image is accepted.

The image goes through the library's own checked form (``uploads.forms``: types, size,
pixels, frames, a full decode), into a collection the user may add to, owned by them: so it
is theirs to choose (``uploads.permissions``) and no one else's until a page readers see
shows it. Its alt text is stored as the image's description (what covers use as alt text)
and its title.
"""

import posixpath

from django.conf import settings
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from blog.images import markdown_reference

from .storage import S3_ERRORS

ALT_MAX_LENGTH = 255
NO_FILE = "Choose a picture to upload."
NO_ALT = "Describe the picture for readers who cannot see it (its alt text), then upload it again."
ALT_TOO_LONG = f"Keep the description under {ALT_MAX_LENGTH} characters."
TOO_LARGE = "This file is {size}; the largest picture you can upload is {limit}."
NOT_ALLOWED = "You cannot upload pictures."
STORAGE_DOWN = (
    "The picture could not be stored: the media storage is not answering. Nothing was saved. "
    "Try again in a few minutes."
)


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def _collection_for(user, policy):
    """The collection the picture goes into: the root when the user may add there, else the
    first (by tree position) they may."""
    collections = policy.collections_user_has_permission_for(user, "add")
    return collections.order_by("path").first() or Collection.get_first_root_node()


@require_POST
def markdown_image_upload(request):
    image_model = get_image_model()
    policy = policy_registry.get_by_type(image_model)
    if not policy.user_has_permission(request.user, "add"):
        return _error(NOT_ALLOWED, 403)
    upload = request.FILES.get("file")
    if upload is None:
        return _error(NO_FILE, 400)
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if limit and upload.size > limit:
        return _error(
            TOO_LARGE.format(size=filesizeformat(upload.size), limit=filesizeformat(limit)), 413
        )
    alt = " ".join(request.POST.get("alt", "").split())
    if not alt:
        return _error(NO_ALT, 400)
    if len(alt) > ALT_MAX_LENGTH:
        return _error(ALT_TOO_LONG, 400)

    form_class = get_image_form(image_model, fields=["title", "file", "description"])
    collection = _collection_for(request.user, policy)
    form = form_class(
        {"title": alt, "description": alt, "collection": collection.pk},
        {"file": upload},
        instance=image_model(uploaded_by_user=request.user, collection=collection),
        user=request.user,
    )
    if not form.is_valid():
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return _error(" ".join(messages), 400)
    try:
        image = form.save()
    except S3_ERRORS:
        return _error(STORAGE_DOWN, 503)
    return JsonResponse(
        {
            "id": image.pk,
            "title": image.title,
            "alt": alt,
            "file_name": posixpath.basename(upload.name),
            "markdown": markdown_reference(image.pk, alt),
        },
        status=201,
    )
