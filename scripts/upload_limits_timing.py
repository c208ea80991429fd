"""How long the upload and import checks take on files just under their limits, and on the
bombs they refuse: prints seconds, asserts nothing (timings are not tests).

Usage: .venv/bin/python scripts/upload_limits_timing.py
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from importer.parsing import parse_story  # noqa: E402
from importer.problems import ImportProblem  # noqa: E402
from importer.tests.import_helpers import LAUGHS  # noqa: E402
from uploads.forms import checked_image_file  # noqa: E402
from uploads.tests.helpers import gif_of_tiny_sub_blocks, long_gif, webp_animation  # noqa: E402


def still(image_format, size, **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 120, 90)).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def rendition_frame(name, data):
    """What a rendition decodes with Willow's Pillow plugin: the first frame only."""
    with PILImage.open(io.BytesIO(data)) as image:
        image.load()
        image.thumbnail((800, 800))


def timed(label, action):
    start = time.perf_counter()
    try:
        action()
        outcome = "accepted"
    except (ValidationError, ImportProblem) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else error.message
        outcome = "refused: " + text[:90]
    print(f"{time.perf_counter() - start:7.2f} s  {label}: {outcome}")


def main():
    print("Images (the whole admin upload check: Wagtail's, frames and pixels, full decode)")
    images = {
        "bomb.gif (200 x 5000 x 5000, the issue's)": long_gif(frames=200, size=(5000, 5000)),
        "two.gif (2 x 5000 x 5000 = 50 M)": long_gif(frames=2, size=(5000, 5000)),
        "many.gif (300 x 408 x 408 = 49.9 M)": long_gif(frames=300, size=(408, 408)),
        "blocks.gif (10 MB of 1-byte sub-blocks)": gif_of_tiny_sub_blocks(10 * 1024 * 1024),
        "two.webp (2 x 5000 x 5000 = 50 M)": webp_animation(frames=2, size=(5000, 5000)),
        "many.webp (300 x 408 x 408 = 49.9 M)": webp_animation(frames=300, size=(408, 408)),
        "still.png (7071 x 7071 = 50 M)": still("PNG", (7071, 7071)),
        "still.jpg (7071 x 7071 = 50 M)": still("JPEG", (7071, 7071)),
        "still.webp (7071 x 7071 = 50 M)": still("WEBP", (7071, 7071), method=0),
        "still.avif (7071 x 7071 = 50 M)": still("AVIF", (7071, 7071), speed=10),
    }
    for label, data in images.items():
        name = label.split(" ")[0]
        timed(f"{label}, {len(data):,} bytes", lambda n=name, d=data: checked_image_file(n, d))
        if "bomb" not in name and "blocks" not in name:
            timed("  its rendition's decode", lambda n=name, d=data: rendition_frame(n, d))

    print("Front matter (parse_story of the whole file)")
    body = "\n\nI moved from a till to a terminal."
    files = {
        "billion laughs": f"---\ntitle: Laughs\n{LAUGHS}\n---{body}",
        "YAML flow list of 32,000 items (64 KB)": "---\ntitle: x\nx: ["
        + ",".join(["a"] * 32_000)
        + "]\n---"
        + body,
        "YAML 10 levels, wide (64 KB)": "---\ntitle: x\nx: "
        + "[" * 9
        + ",".join(["[a]"] * 16_000)
        + "]" * 9
        + "\n---"
        + body,
        "YAML 20,000 brackets": "---\ntitle: x\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---" + body,
        "TOML array of 32,000 items (64 KB)": "+++\ntitle = 'x'\nx = ["
        + ",".join(["1"] * 32_000)
        + "]\n+++"
        + body,
        "TOML key of 1,000 parts": "+++\ntitle = 'x'\na" + ".b" * 999 + " = 1\n+++" + body,
        "TOML 20,000 brackets": "+++\ntitle = 'x'\nx = "
        + "[" * 20_000
        + "]" * 20_000
        + "\n+++"
        + body,
    }
    for label, text in files.items():
        data = text.encode()
        timed(f"{label}, {len(data):,} bytes", lambda d=data: parse_story(d, name="post.md"))


if __name__ == "__main__":
    main()
