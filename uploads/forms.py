"""What the admin accepts as an image (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail's image field refuses a file over WAGTAILIMAGES_MAX_UPLOAD_SIZE (set from
IMAGE_MAX_UPLOAD_BYTES), an extension outside WAGTAILIMAGES_EXTENSIONS (so SVG, which can
carry scripts and which we do not sanitise) and a file whose header names another format
than its extension. Two gaps remain, both closed here:

- measuring the image decodes its first frame, and a decoder error there (a truncated JPEG)
  escapes Wagtail's field as a server error instead of a message;
- later frames of an animation are never decoded, so a damaged GIF or WebP is stored and
  breaks when renditions are made.

Every new upload is therefore decoded in full, by Pillow limited to the format its name
claims, and refused with a message when it does not decode. Before Wagtail's checks (which
decode the first frame) and that decode, its frames are counted from the headers
(``uploads.images``): an image whose frames hold more pixels than one image may is refused
without being decoded.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import OVER_LIMITS, check_image_limits, image_format_for

UNREADABLE = (
    "This image could not be read in full: the file is damaged, cut short or not really a "
    "%(extension)s image. Export or save it again, then upload the new file."
)
UNSUPPORTED = (
    "%(extension)s files are not accepted as images (SVG can carry scripts). "
    "Upload a JPEG, PNG, GIF, WebP or AVIF file instead."
)


def _extension(name):
    return posixpath.splitext(name)[1].lower()


def _unreadable(name):
    return ValidationError(
        UNREADABLE, code="undecodable", params={"extension": _extension(name) or "image"}
    )


def check_image_decodes(upload):
    """Raise ValidationError unless ``upload`` is within the frame and pixel limits and
    every frame decodes as the format its name claims. Leaves the file at its start, ready
    to be stored."""
    image_format = image_format_for(upload.name)
    if image_format is None:
        raise ValidationError(
            UNSUPPORTED,
            code="unsupported",
            params={"extension": _extension(upload.name) or "Extensionless"},
        )
    # Headers first: the decode below costs every frame's pixels.
    check_image_limits(upload, image_format=image_format)
    upload.seek(0)
    try:
        with PILImage.open(upload, formats=[image_format]) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                image.load()
    except Exception as error:  # whatever the decoder raises, the file is not usable
        raise _unreadable(upload.name) from error
    finally:
        upload.seek(0)


def _refuse_over_limits(data):
    """Wagtail measures an upload by decoding its first frame (Willow's Pillow plugin loads
    the image to give its size), so the headers are read first: an image whose frames and
    pixels are over the limits is refused before anything decodes. A file whose headers
    cannot be read, or is over the size limit (a GIF is read whole to count its frames), is
    left to Wagtail's own messages ("not a valid image", "this file is too big")."""
    image_format = image_format_for(data.name or "")
    max_size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if image_format is None or (max_size is not None and data.size > max_size):
        return
    try:
        check_image_limits(data, image_format=image_format)
    except ValidationError as error:
        if error.code in OVER_LIMITS:
            raise


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        if isinstance(data, UploadedFile):
            _refuse_over_limits(data)
        try:
            upload = super().to_python(data)  # size, extension and format, in that order
        except ValidationError:
            raise
        except Exception as error:  # the decoder failed while Wagtail measured the image
            raise _unreadable(getattr(data, "name", "")) from error
        if isinstance(upload, UploadedFile):
            check_image_decodes(upload)
        return upload


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form with the file field above. Used by every upload path (add,
    edit, the multiple uploader, the chooser's upload tab)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            # Wagtail builds the field itself (formfield_for_dbfield); switch this form's
            # copy to the subclass, keeping the label, widget and messages Wagtail gave it.
            self.fields["file"].__class__ = CheckedImageField


def checked_image_file(name, data):
    """``data`` as an uploaded file named ``name``, after every check an admin upload gets
    (Wagtail's extension, format, size and pixels, then ours); raises ValidationError.
    For routes that store an image without a form, such as the importer's cover images."""
    return CheckedImageField().clean(SimpleUploadedFile(name, data))
