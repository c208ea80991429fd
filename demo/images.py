"""Original demo artwork drawn with Pillow: abstract cover images and initials avatars.

Deterministic for a given seed, so loading the demo twice draws the same pictures. A cover's
seed (its file name) picks one of a dozen kinds of picture (``COVER_STYLES``: a winding path,
mountain ridges, a skyline, tiles, stairs, orbits, a field of dots, stripes, a terminal…) and
a palette, and then the composition: covers side by side on a listing look different, not
the same picture in another colour. ``cover_description(seed)`` is what the picture shows,
for its alt text.
"""

import hashlib
import io
import math
import random
from dataclasses import dataclass
from functools import partial

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
# A third colour for each palette, for the pictures that use more than two.
ACCENTS = ["#f7f3e3", "#a8dadc", "#e9c46a", "#9a031e", "#f72585", "#fefae0", "#4a4e69", "#d62828"]
WHITE = (255, 255, 255)


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


@dataclass(frozen=True)
class Colours:
    dark: tuple
    light: tuple
    accent: tuple


def _gradient(draw, top, bottom, *, height=None):
    width, full = COVER_SIZE
    height = height or full
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / height))


def _path(draw, rng, c):
    """The first demo picture: a winding path of stops over rings, on a gradient."""
    width, height = COVER_SIZE
    _gradient(draw, c.dark, c.light)
    for _ in range(14):
        radius = rng.randint(40, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = _mix(c.light, WHITE, rng.random() * 0.6)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tint, width=6)
    amplitude, phase = rng.randint(80, 220), rng.random() * math.tau
    points = [
        (x, height * 0.55 + amplitude * math.sin(phase + x / width * math.tau * 1.3))
        for x in range(-20, width + 40, 20)
    ]
    draw.line(points, fill=WHITE, width=18, joint="curve")
    for x, y in points[::12]:
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=c.light, outline=WHITE, width=6)


def _ridges(draw, rng, c):
    """Mountain ridges, nearer ones darker, under a low sun."""
    width, height = COVER_SIZE
    _gradient(draw, _mix(c.light, WHITE, 0.55), c.light)
    sun_x, sun_y, sun_r = rng.randint(250, width - 250), rng.randint(200, 380), rng.randint(90, 150)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=c.accent)
    layers = rng.randint(4, 6)
    for layer in range(layers):
        base = height * (0.42 + 0.5 * layer / layers)
        points, x = [(0, height)], 0
        while x <= width:
            points.append((x, base - rng.randint(0, 170 - layer * 20)))
            x += rng.randint(90, 260)
        points += [(width, base - rng.randint(0, 120)), (width, height)]
        draw.polygon(points, fill=_mix(c.light, c.dark, (layer + 1) / layers))


def _skyline(draw, rng, c, *, night):
    """A city of blocks: at night with stars and lit windows, or by day under a sun."""
    width, height = COVER_SIZE
    if night:
        _gradient(draw, c.dark, _mix(c.dark, c.light, 0.7))
        for _ in range(60):  # stars
            x, y = rng.randint(0, width), rng.randint(0, height // 2)
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=_mix(c.light, WHITE, 0.6))
    else:
        _gradient(draw, _mix(c.light, WHITE, 0.8), _mix(c.light, WHITE, 0.35))
        x, y, r = rng.randint(200, width - 200), rng.randint(140, 300), rng.randint(70, 120)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=c.accent)
    for row, shade in ((0, 0.35), (1, 0.0)):
        x = rng.randint(-60, 0)
        while x < width:
            w, h = rng.randint(90, 220), rng.randint(220, 620 - row * 120)
            if row:
                body = _mix(c.dark, (0, 0, 0), 0.3) if night else c.dark
            else:
                body = _mix(c.dark, c.light, shade if night else 0.6)
            draw.rectangle([x, height - h, x + w, height], fill=body)
            if row:
                for wy in range(height - h + 30, height - 30, 46):
                    for wx in range(x + 18, x + w - 28, 38):
                        if rng.random() < (0.35 if night else 0.9):
                            lit = c.accent if night else _mix(c.dark, c.light, 0.45)
                            draw.rectangle([wx, wy, wx + 18, wy + 24], fill=lit)
            x += w + rng.randint(6, 30)


def _tiles(draw, rng, c, *, maze):
    """Tiles drawn with one of two patterns: quarter circles that join their neighbours'
    into meandering lines (Truchet), or a maze of diagonals on a light ground."""
    width, height = COVER_SIZE
    size = rng.choice([100, 125, 160])
    line = max(10, size // 7)
    draw.rectangle([0, 0, width, height], fill=_mix(c.light, WHITE, 0.7) if maze else c.dark)
    for top in range(0, height, size):
        for left in range(0, width, size):
            right, bottom = left + size, top + size
            if maze:
                colour = c.dark if rng.random() < 0.85 else c.accent
                ends = (
                    [(left, top), (right, bottom)]
                    if rng.random() < 0.5
                    else [(right, top), (left, bottom)]
                )
                draw.line(ends, fill=colour, width=line + 6)
                continue
            colour = c.light if rng.random() < 0.8 else c.accent
            if rng.random() < 0.5:
                arcs = [((left, top), 0, 90), ((right, bottom), 180, 270)]
            else:
                arcs = [((right, top), 90, 180), ((left, bottom), 270, 360)]
            for (cx, cy), begin, end in arcs:
                half = size / 2
                box = [cx - half, cy - half, cx + half, cy + half]
                draw.arc(box, begin, end, fill=colour, width=line)


def _stairs(draw, rng, c):
    """Steps climbing to the right, a flag on the top one."""
    width, height = COVER_SIZE
    _gradient(draw, _mix(c.light, WHITE, 0.7), _mix(c.light, WHITE, 0.3))
    steps = rng.randint(5, 8)
    step_w, rise = width / (steps + 1), (height - 200) / steps
    for step in range(steps):
        left, top = step * step_w + step_w / 2, height - (step + 1) * rise
        colour = _mix(c.dark, c.light, step / steps * 0.6)
        draw.rectangle([left, top, width, height], fill=colour)
        draw.rectangle([left, top, left + step_w, top + 14], fill=c.accent)
    pole_x, pole_top = width - step_w / 2, height - steps * rise - 170
    draw.rectangle([pole_x, pole_top, pole_x + 10, height - steps * rise], fill=c.dark)
    draw.polygon(
        [(pole_x + 10, pole_top), (pole_x + 110, pole_top + 35), (pole_x + 10, pole_top + 70)],
        fill=c.accent,
    )


def _orbits(draw, rng, c):
    """Rings around an off-centre sun, with planets on them."""
    width, height = COVER_SIZE
    draw.rectangle([0, 0, width, height], fill=c.dark)
    cx, cy = rng.randint(300, width - 300), rng.randint(250, height - 250)
    for ring in range(1, rng.randint(7, 10)):
        radius = ring * rng.randint(95, 120)
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            outline=_mix(c.dark, c.light, 0.45),
            width=4,
        )
        angle = rng.random() * math.tau
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        size = rng.randint(14, 40)
        draw.ellipse(
            [px - size, py - size, px + size, py + size], fill=rng.choice([c.light, c.accent])
        )
    draw.ellipse([cx - 70, cy - 70, cx + 70, cy + 70], fill=c.light)


def _dots(draw, rng, c):
    """A halftone field: dots that grow and shrink in waves."""
    width, height = COVER_SIZE
    draw.rectangle([0, 0, width, height], fill=_mix(c.light, WHITE, 0.75))
    step = rng.choice([40, 50, 64])
    fx, fy, phase = rng.uniform(1, 3), rng.uniform(0.5, 2), rng.random() * math.tau
    for y in range(step // 2, height, step):
        for x in range(step // 2, width, step):
            wave = math.sin(phase + x / width * math.tau * fx) * math.cos(
                y / height * math.tau * fy
            )
            radius = step * 0.46 * (0.5 + 0.5 * wave)
            colour = c.dark if wave > -0.2 else c.accent
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)


def _stripes(draw, rng, c, *, chevrons):
    """Bold bands of the palette's colours and tints: straight diagonals, or chevrons."""
    width, height = COVER_SIZE
    colours = [c.dark, c.light, c.accent, _mix(c.dark, c.light, 0.5), _mix(c.light, WHITE, 0.6)]
    if chevrons:
        draw.rectangle([0, 0, width, height], fill=c.dark)
        band, depth = rng.randint(70, 130), rng.randint(120, 260)
        teeth = rng.randint(3, 6)
        tooth = width / teeth
        for y in range(-depth, height + band, band):
            points = []
            for n in range(teeth + 1):
                points.append((n * tooth, y + (depth if n % 2 else 0)))
            bottom = [(x, yy + band) for x, yy in reversed(points)]
            draw.polygon(points + bottom, fill=rng.choice(colours[1:]))
        return
    slope = rng.choice([-1, 1]) * rng.uniform(0.5, 1.2)
    x = -height * 1.5
    while x < width + height * 1.5:
        band = rng.randint(60, 220)
        shift = slope * height
        corners = [(x, 0), (x + band, 0), (x + band + shift, height), (x + shift, height)]
        draw.polygon(corners, fill=rng.choice(colours))
        x += band


def _terminal(draw, rng, c):
    """A terminal window on a desk of colour, its lines of code drawn as bars."""
    width, height = COVER_SIZE
    _gradient(draw, c.light, _mix(c.light, c.dark, 0.5))
    left, top = rng.randint(120, 300), rng.randint(100, 180)
    right, bottom = width - rng.randint(120, 300), height - rng.randint(100, 180)
    draw.rounded_rectangle(
        [left + 24, top + 24, right + 24, bottom + 24], 28, fill=_mix(c.dark, (0, 0, 0), 0.5)
    )
    draw.rounded_rectangle([left, top, right, bottom], 28, fill=_mix(c.dark, (0, 0, 0), 0.35))
    draw.rounded_rectangle([left, top, right, top + 70], 28, fill=_mix(c.dark, WHITE, 0.15))
    draw.rectangle([left, top + 40, right, top + 70], fill=_mix(c.dark, WHITE, 0.15))
    for n, colour in enumerate(("#ff5f57", "#febc2e", "#28c840")):
        x = left + 45 + n * 45
        draw.ellipse([x - 13, top + 22, x + 13, top + 48], fill=colour)
    y, indent = top + 120, 0
    while y < bottom - 60:
        x = left + 60 + indent * 60
        draw.rectangle([x, y, x + 26, y + 24], fill=c.accent)  # the prompt
        x += 50
        for _ in range(rng.randint(1, 4)):
            w = rng.randint(60, 260)
            if x + w > right - 60:
                break
            draw.rounded_rectangle(
                [x, y, x + w, y + 24],
                8,
                fill=rng.choice([c.light, WHITE, _mix(c.light, WHITE, 0.5)]),
            )
            x += w + 24
        indent = max(0, min(3, indent + rng.choice([-1, 0, 0, 1])))
        y += 56


# (name, drawing, what it shows: the start of an alt text)
COVER_STYLES = [
    ("path", _path, "a winding path of stops over a two-colour gradient"),
    ("ridges", _ridges, "layered mountain ridges under a low sun"),
    ("night-city", partial(_skyline, night=True), "a city skyline at night with lit windows"),
    ("day-city", partial(_skyline, night=False), "a city skyline of blocks under a sun"),
    ("truchet", partial(_tiles, maze=False), "quarter circles on tiles joining into curving lines"),
    ("maze", partial(_tiles, maze=True), "a maze of diagonal lines on square tiles"),
    ("stairs", _stairs, "a staircase of blocks climbing to a flag"),
    ("orbits", _orbits, "planets on concentric orbits around a sun"),
    ("dots", _dots, "a field of dots growing and shrinking in waves"),
    ("stripes", partial(_stripes, chevrons=False), "bold diagonal stripes in several colours"),
    (
        "chevrons",
        partial(_stripes, chevrons=True),
        "zigzag bands of colour stacked down the picture",
    ),
    ("terminal", _terminal, "a terminal window with lines of code drawn as bars"),
]


def cover_style(seed):
    """The name of the kind of picture ``seed`` draws."""
    return COVER_STYLES[_style_index(seed)][0]


def cover_description(seed):
    """What the cover ``seed`` draws shows, as an alt text."""
    return f"An abstract illustration: {COVER_STYLES[_style_index(seed)][2]}."


# Mixed into the hash that picks a cover's kind: under this one, the eleven covers in
# demo/content are eleven different kinds (a cover added later may share a kind with
# another one, in other colours and another composition).
STYLE_SALT = 3666


def _style_index(seed):
    digest = hashlib.sha256(f"{STYLE_SALT}:{seed}".encode()).hexdigest()
    return int(digest[:8], 16) % len(COVER_STYLES)


def cover_image(seed):
    """The cover picture ``seed`` draws (see ``COVER_STYLES``). JPEG bytes."""
    rng = _rng(seed)
    index = rng.randrange(len(PALETTES))
    dark, light = (_hex(colour) for colour in PALETTES[index])
    colours = Colours(dark=dark, light=light, accent=_hex(ACCENTS[index]))
    image = Image.new("RGB", COVER_SIZE)
    COVER_STYLES[_style_index(seed)][1](ImageDraw.Draw(image), rng, colours)
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
