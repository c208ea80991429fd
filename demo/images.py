"""Original demo artwork drawn with Pillow: abstract cover images and initials avatars.

Deterministic for a given seed, so loading the demo twice draws the same pictures.
"""

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

COVER_SIZE = (1600, 900)
AVATAR_SIZE = (400, 400)

PALETTES = [
    ("#0b6e4f", "#f2c14e"),
    ("#1d3557", "#e76f51"),
    ("#264653", "#2a9d8f"),
    ("#5f0f40", "#fb8b24"),
    ("#3a0ca3", "#4cc9f0"),
    ("#283618", "#dda15e"),
    ("#22223b", "#c9ada7"),
    ("#003049", "#fcbf49"),
]


def _rng(seed):
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def cover_image(seed):
    """A winding path over a two-colour gradient: a journey, abstractly. JPEG bytes."""
    rng = _rng(seed)
    start, end = (_hex(c) for c in rng.choice(PALETTES))
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(start, end, y / height))

    for _ in range(14):
        radius = rng.randint(40, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = _mix(end, (255, 255, 255), rng.random() * 0.6)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tint, width=6)

    amplitude, phase = rng.randint(80, 220), rng.random() * math.tau
    points = [
        (x, height * 0.55 + amplitude * math.sin(phase + x / width * math.tau * 1.3))
        for x in range(-20, width + 40, 20)
    ]
    draw.line(points, fill=(255, 255, 255), width=18, joint="curve")
    for x, y in points[::12]:
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=end, outline=(255, 255, 255), width=6)
    return _jpeg(image)


def avatar_image(name, colour):
    """A coloured disc with the person's initials. PNG bytes."""
    background = _hex(colour)
    image = Image.new("RGB", AVATAR_SIZE, _mix(background, (255, 255, 255), 0.85))
    draw = ImageDraw.Draw(image)
    draw.ellipse([10, 10, AVATAR_SIZE[0] - 10, AVATAR_SIZE[1] - 10], fill=background)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=150)
    draw.text(
        (AVATAR_SIZE[0] / 2, AVATAR_SIZE[1] / 2), initials, font=font, fill="white", anchor="mm"
    )
    return _png(image)
