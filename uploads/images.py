"""How much work an uploaded image may ask for, read from its headers before anything decodes.

Wagtail's own pixel limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS) measures one frame: Willow's
Pillow plugin answers 1 to "how many frames?". Decoding an animation costs every frame,
each composited onto the whole canvas, so a 3.9 MB GIF of 200 frames of 5000 x 5000 passes
that limit and then holds a worker for a minute while the upload is decoded in full.

Here the frames are counted from the headers, and an image is refused when it has more
than IMAGE_MAX_FRAMES frames, or when frames x width x height exceeds
WAGTAILIMAGES_MAX_IMAGE_PIXELS. Every later decode of an accepted image (the full check in
``uploads.forms``, renditions) is then bounded by those two numbers.

APNG, WebP, AVIF and MPO (JPEG) state their frame count in their containers, and Pillow
(with libwebp and libavif) refuses frames that reach past the canvas, so Pillow's
``n_frames`` and ``size`` are the cost. A GIF has no count and its frames may reach past its
logical screen, which Pillow then grows to hold them as it decodes: a 10 x 10 GIF whose
later frames say 13000 x 13000 would pass a check of ``size``. So a GIF's blocks are walked
here, reading only their lengths and each frame's position and size.
"""

import posixpath
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from PIL import Image as PILImage

TOO_MANY_FRAMES = (
    "This animation has more than %(max_frames)s frames, the most an image may have. "
    "Shorten it, or upload a still image."
)
TOO_MANY_PIXELS_STILL = (
    "This image has too many pixels: %(width)s \u00d7 %(height)s = %(pixels)s, over the "
    "limit of %(max_pixels)s. Make it smaller, then upload it again."
)
TOO_MANY_PIXELS = (
    "This animation has too many pixels: %(frames)s frames of %(width)s \u00d7 %(height)s = "
    "%(pixels)s to decode, over the limit of %(max_pixels)s. Make it smaller or shorter, or "
    "upload a still image."
)
TOO_LARGE_TO_OPEN = (
    "This image is too large to open safely: its header claims over %(pillow_max)s pixels "
    "in one frame. Make it smaller, then upload it again."
)
UNCOUNTABLE = (
    "The frames of this image could not be counted: the file is damaged or not really a "
    "%(extension)s image. Export or save it again, then upload the new file."
)


# The codes of the refusals above that say "too much", as opposed to "cannot be read".
OVER_LIMITS = {"too_many_frames", "too_many_pixels"}


def _number(value):
    return number_format(value, force_grouping=True)


def image_format_for(name):
    """Pillow's format for a file name's extension ("GIF" for "loop.gif"), or None."""
    return PILImage.registered_extensions().get(posixpath.splitext(name)[1].lower())


# Encoders write a frame's data in 255-byte sub-blocks; shorter ones end a frame or hold an
# extension (an XMP packet can make a few thousand). Millions of 1-byte ones (10 MB of them
# took 6 s to walk, mostly in Pillow) are a file made to be slow, not an image.
MAX_SHORT_GIF_SUB_BLOCKS = 20_000


def gif_frames(data, *, stop_after=None):
    """(frames, width, height) of a GIF from its blocks: the canvas is the logical screen,
    grown to hold every frame as Pillow grows it. Reads block lengths and image descriptors,
    never pixel data; stops counting after ``stop_after`` frames. Raises ValueError for
    something that is not a GIF, or one in more short sub-blocks than encoders write."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise ValueError("not a GIF")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = short = 0
    while position < len(data) and data[position] != 0x3B:  # ";" ends the file
        if data[position] == 0x21:  # "!" an extension: its label, then data sub-blocks
            position += 2
        elif data[position] == 0x2C and position + 10 <= len(data):  # "," an image
            left, top, frame_width, frame_height, flags = struct.unpack_from(
                "<HHHHB", data, position + 1
            )
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            frames += 1
            if stop_after is not None and frames >= stop_after:
                break
            # Descriptor, local colour table, LZW code size, then the data sub-blocks.
            position += 11 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
        else:  # a stray byte: Pillow's decoder skips it too
            position += 1
            continue
        while position < len(data) and data[position]:  # each sub-block: length, bytes
            short += data[position] < 255
            if short > MAX_SHORT_GIF_SUB_BLOCKS:
                raise ValueError("a GIF cut into more short sub-blocks than encoders write")
            position += data[position] + 1
        position += 1  # the empty sub-block that ends the chain
    return frames, width, height


def _frames_and_size(upload, image_format, *, max_frames):
    """(frames, width, height) from the headers, as the decoder will see them."""
    with warnings.catch_warnings():
        # Pillow warns of a large first frame: the limits below are the ones that count.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        with PILImage.open(upload, formats=[image_format]) as image:
            if image.format == "GIF":
                upload.seek(0)
                stop_after = None if max_frames is None else max_frames + 1
                return gif_frames(upload.read(), stop_after=stop_after)
            return getattr(image, "n_frames", 1), *image.size


def check_image_limits(upload, *, image_format):
    """Raise ValidationError when ``upload`` has too many frames, or too many pixels over all
    its frames. Reads headers only; leaves the file at its start."""
    max_frames = settings.IMAGE_MAX_FRAMES
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS  # None: Wagtail's "no limit"
    upload.seek(0)
    try:
        frames, width, height = _frames_and_size(upload, image_format, max_frames=max_frames)
    except PILImage.DecompressionBombError:
        # Pillow's own guard, at twice its MAX_IMAGE_PIXELS: the header alone said too much.
        raise ValidationError(
            TOO_LARGE_TO_OPEN,
            code="too_many_pixels",
            params={"pillow_max": _number(2 * PILImage.MAX_IMAGE_PIXELS)},
        ) from None
    except Exception as error:  # whatever the parser raises, the file is not usable
        raise ValidationError(
            UNCOUNTABLE,
            code="uncountable",
            params={"extension": posixpath.splitext(upload.name)[1].lower() or "image"},
        ) from error
    finally:
        upload.seek(0)
    if max_frames is not None and frames > max_frames:
        raise ValidationError(
            TOO_MANY_FRAMES,
            code="too_many_frames",
            params={"max_frames": _number(max_frames)},
        )
    pixels = frames * width * height
    if max_pixels is not None and pixels > max_pixels:
        raise ValidationError(
            TOO_MANY_PIXELS if frames > 1 else TOO_MANY_PIXELS_STILL,
            code="too_many_pixels",
            params={
                "frames": _number(frames),
                "width": _number(width),
                "height": _number(height),
                "pixels": _number(pixels),
                "max_pixels": _number(max_pixels),
            },
        )
