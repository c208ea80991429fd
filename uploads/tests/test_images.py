"""An image's frames are counted from its headers, and an animation whose frames hold more
pixels than one image may, or more frames than IMAGE_MAX_FRAMES, is refused before any frame
is decoded."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageFile as PILImageFile
from wagtail.images import get_image_model

from uploads.images import check_image_limits

from .helpers import (
    _gif_blocks,
    animation,
    gif_of_tiny_sub_blocks,
    image_bytes,
    long_gif,
    upload,
)

# Pillow's name for each animated format we accept, and a file name for it.
ANIMATED = [
    pytest.param("GIF", "loop.gif", id="gif"),
    pytest.param("PNG", "loop.png", id="apng"),
    pytest.param("WEBP", "loop.webp", id="webp"),
    pytest.param("AVIF", "loop.avif", id="avif"),
]


def refusal(content, name, image_format):
    with pytest.raises(ValidationError) as raised:
        check_image_limits(upload(name, content), image_format=image_format)
    return " ".join(raised.value.messages)


@pytest.mark.parametrize(("image_format", "name"), ANIMATED)
def test_three_frames_of_25_megapixels_are_over_the_50_megapixel_limit(image_format, name):
    # Each frame alone is under Wagtail's limit, which counts one frame.
    content = animation(image_format, frames=3, size=(5000, 5000))

    message = refusal(content, name, image_format)

    assert message == (
        "This animation has too many pixels: 3 frames of 5,000 \u00d7 5,000 = 75,000,000 to "
        "decode, over the limit of 50,000,000. Make it smaller or shorter, or upload a still "
        "image."
    )


@pytest.mark.parametrize(("image_format", "name"), ANIMATED)
def test_more_frames_than_the_limit_are_refused_however_small(image_format, name):
    content = animation(image_format, frames=301, size=(8, 8))

    message = refusal(content, name, image_format)

    assert message == (
        "This animation has more than 300 frames, the most an image may have. Shorten it, "
        "or upload a still image."
    )


def test_the_frame_limit_is_a_setting(settings):
    content = animation("GIF", frames=6, size=(8, 8))
    settings.IMAGE_MAX_FRAMES = 5

    assert "more than 5 frames" in refusal(content, "loop.gif", "GIF")

    settings.IMAGE_MAX_FRAMES = 6
    check_image_limits(upload("loop.gif", content), image_format="GIF")  # no error


def test_the_issues_gif_is_refused_from_its_headers_without_decoding_a_frame(monkeypatch):
    # 200 frames of 5000 x 5000 in 3.9 MB, which held a worker for 60 s while it decoded.
    content = long_gif(frames=200, size=(5000, 5000))
    assert len(content) < 4_000_000

    def no_decoding(image):
        raise AssertionError("a frame was decoded")

    # Every GIF and PNG frame decodes through ImageFile.load: were it called, the check
    # would fail with the "could not be counted" message instead.
    monkeypatch.setattr(PILImageFile.ImageFile, "load", no_decoding)
    message = refusal(content, "bomb.gif", "GIF")

    assert message.startswith(
        "This animation has too many pixels: 200 frames of 5,000 \u00d7 5,000 = 5,000,000,000"
    )


def test_gif_frames_reaching_past_the_screen_count_at_the_size_they_make_it():
    # A 10 x 10 GIF whose later frames say 5000 x 5000: Pillow grows the canvas to hold
    # them as it decodes, so its size before decoding says nothing of the cost.
    header, blocks = _gif_blocks(animation("GIF", frames=3, size=(10, 10)))
    images = [i for i, block in enumerate(blocks) if block[0] == 0x2C]
    for i in images[1:]:
        blocks[i] = blocks[i][:1] + struct.pack("<4H", 0, 0, 5000, 5000) + blocks[i][9:]
    content = header + b"".join(blocks) + b";"

    message = refusal(content, "small.gif", "GIF")

    assert message.startswith(
        "This animation has too many pixels: 3 frames of 5,000 \u00d7 5,000 = 75,000,000"
    )


@pytest.mark.parametrize(
    ("image_format", "name"), [*ANIMATED, pytest.param("JPEG", "big.jpg", id="jpeg")]
)
def test_a_still_image_over_the_limit_is_named_as_one(settings, image_format, name):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    content = image_bytes(image_format, size=(40, 30))

    assert refusal(content, name, image_format) == (
        "This image has too many pixels: 40 \u00d7 30 = 1,200, over the limit of 1,000. Make "
        "it smaller, then upload it again."
    )


def test_a_file_whose_frames_cannot_be_counted_is_refused():
    cut_short = animation("GIF", frames=2, size=(16, 16))[:11]  # in the screen descriptor

    assert "could not be counted" in refusal(cut_short, "loop.gif", "GIF")


def test_a_gif_cut_into_tiny_sub_blocks_is_refused_before_it_is_walked_to_the_end():
    # 10 MB of them took 6 s to walk (Pillow's n_frames reads each one in Python).
    assert "could not be counted" in refusal(gif_of_tiny_sub_blocks(50_000), "x.gif", "GIF")
    check_image_limits(upload("x.gif", gif_of_tiny_sub_blocks(30_000)), image_format="GIF")


def test_an_animation_within_the_limits_passes_and_is_left_at_its_start():
    content = animation("GIF", frames=300, size=(400, 400))  # 48 million pixels
    file = upload("loop.gif", content)

    check_image_limits(file, image_format="GIF")

    assert file.tell() == 0


@pytest.mark.django_db
def test_a_rendition_of_an_accepted_animation_decodes_its_first_frame_only():
    # Willow renders with Pillow here (Wand is not installed), which reads one frame of an
    # animation: a rendition costs one frame's pixels, never all of them.
    content = animation("GIF", frames=5, size=(60, 40))
    image = get_image_model().objects.create(
        title="Loop", file=ImageFile(io.BytesIO(content), name="loop.gif")
    )

    rendition = image.get_rendition("width-30")

    with rendition.file.open("rb") as stored, PILImage.open(stored) as made:
        assert made.size == (30, 20)
        assert getattr(made, "n_frames", 1) == 1
