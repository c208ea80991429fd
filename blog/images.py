"""Pictures inside a Markdown text: ``![alt text](image:42)`` names image 42 of the library.

A writer never types a file's address: the editor's image button, a paste or a drop uploads
the picture (``uploads.views.markdown_image_upload``) and inserts the reference. An address
would break: an original on S3 is a signed URL that expires, and a rendition's name is
random. An id survives editing, moving the media to S3 and a new rendition size.

The reference is resolved when the text is formatted, which is once per revision
(``blog.models.formatted``): the image and its renditions are fetched in two queries for the
whole text, and the stored HTML holds a ``<picture>`` with WebP and JPEG (PNG for other
formats) renditions in three widths, ``srcset``, ``sizes`` and ``loading="lazy"``, all from
the public renditions storage, never the original. Readers' pages then cost no query for
them. The sanitiser (``blog.rendering``) lets ``image:<id>`` through as an image address
only; everything this module adds is built here from the database, never from the text.

Which images a writer may name is decided where the writer is known: a page form accepts
only ids its user may choose (``uploads.page_forms``), as for a cover.
"""

import html
import re

from django.utils.html import format_html
from wagtail.images import get_image_model
from wagtail.images.models import Picture

IMAGE_SCHEME = "image"
# A reference as written in Markdown, "](image:42" or "](image:42 "title")": the ids a text names.
MARKDOWN_REFERENCE = re.compile(r"\]\(\s*<?image:(\d{1,12})\b")
# Widths offered to the browser; none wider than the original.
WIDTHS = (480, 960, 1440)
# A body is at most 42rem wide on a wide screen, the whole width on a phone.
SIZES = "(max-width: 44rem) 100vw, 42rem"
# An <img> tag as nh3 writes it: every attribute double-quoted, '"' escaped inside.
_IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+="[^"]*")*)\s*/?>')
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_SOURCE = re.compile(rf"{IMAGE_SCHEME}:(\d{{1,12}})")


class ImageUnavailableError(Exception):
    """An image's renditions could not be made (the media store is away, the file is gone)."""

    def __init__(self, image_id, alt):
        super().__init__(image_id)
        self.image_id, self.alt = image_id, alt


def image_unavailable(error):
    """What the writer is told when ``ImageUnavailableError`` stops a save."""
    name = f"“{error.alt}” (image {error.image_id})" if error.alt else f"image {error.image_id}"
    return (
        f"The picture {name} could not be prepared: the media storage did not answer or "
        "the file is damaged. Nothing was saved. Try again in a few minutes; if it keeps "
        "happening, upload the picture again."
    )


def referenced_image_ids(text):
    """The ids of the library images a Markdown ``text`` names, in a set."""
    return {int(match) for match in MARKDOWN_REFERENCE.findall(text or "")}


def markdown_reference(image_id, alt):
    """The Markdown that shows image ``image_id`` with ``alt``, on one line, with the
    characters that would end the alt text escaped."""
    alt = " ".join(str(alt).split())
    alt = re.sub(r"([\\\[\]])", r"\\\1", alt)
    return f"![{alt}]({IMAGE_SCHEME}:{image_id})"


def is_reference(src):
    return _SOURCE.fullmatch(src or "") is not None


def _filters(image):
    fallback = "jpeg" if (image.file.name or "").lower().endswith((".jpg", ".jpeg")) else "png"
    widths = [width for width in WIDTHS if width < image.width] or []
    widths.append(min(image.width, WIDTHS[-1]))
    widths = sorted(set(widths))
    return [f"width-{width}|format-{fmt}" for fmt in ("webp", fallback) for width in widths]


def _picture(image, alt):
    try:
        renditions = image.get_renditions(*_filters(image))
    except (OSError, ValueError) as error:  # the store is away, the file is gone or damaged
        raise ImageUnavailableError(image.pk, alt) from error
    attrs = {
        "alt": alt,
        "sizes": SIZES,
        "loading": "lazy",
        "decoding": "async",
        "class": "prose__image",
    }
    return Picture(renditions, attrs).__html__()


def resolve_images(fragment):
    """``fragment`` (sanitised HTML) with each ``<img src="image:<id>">`` replaced by the
    image's ``<picture>``, or by its alt text when the library has no such image. Raises
    ``ImageUnavailableError`` when renditions cannot be made."""
    if f'src="{IMAGE_SCHEME}:' not in fragment:
        return fragment
    tags = []
    for match in _IMG_TAG.finditer(fragment):
        attrs = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(1))}
        source = _SOURCE.fullmatch(attrs.get("src", ""))
        if source:
            tags.append((match, int(source.group(1)), attrs.get("alt", "")))
    if not tags:
        return fragment
    ids = {image_id for _, image_id, _ in tags}
    images = {
        image.pk: image
        for image in get_image_model().objects.filter(pk__in=ids).prefetch_renditions()
    }
    out, position = [], 0
    for match, image_id, alt in tags:
        out.append(fragment[position : match.start()])
        image = images.get(image_id)
        if image is None:
            out.append(format_html("{}", alt))
        else:
            out.append(_picture(image, alt or image.description))
        position = match.end()
    out.append(fragment[position:])
    return "".join(out)
