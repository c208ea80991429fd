"""The demo's drawn covers: the same file always draws the same picture, covers look
different from each other (not one picture in other colours), and each content file's alt
text says what its cover shows."""

import io
import itertools
import re

from PIL import Image, ImageChops, ImageStat

from demo.files import CONTENT_DIR
from demo.images import COVER_SIZE, COVER_STYLES, cover_description, cover_image, cover_style

COVER = re.compile(r"^cover_image: covers/(?P<stem>[\w-]+)\.jpg$", re.MULTILINE)
ALT = re.compile(r"^cover_image_alt: '(?P<alt>[^']*)'$", re.MULTILINE)


def demo_covers():
    """(file, the cover's seed, its alt text) for each demo file whose cover is drawn."""
    for path in sorted(CONTENT_DIR.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if match := COVER.search(text):
            alt = ALT.search(text)
            yield path.name, match["stem"], alt["alt"] if alt else ""


def thumbnail(seed):
    return Image.open(io.BytesIO(cover_image(seed))).convert("RGB").resize((64, 36))


def difference(a, b):
    """How different two pictures look: the mean of their pixels' differences, 0 to 255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_a_seed_always_draws_the_same_cover():
    first = cover_image("night-bus")
    assert first == cover_image("night-bus")
    assert Image.open(io.BytesIO(first)).size == COVER_SIZE
    assert first != cover_image("day-bus")


def test_every_kind_of_cover_draws():
    seeds = {}
    for n in itertools.count():
        seeds.setdefault(cover_style(f"seed-{n}"), f"seed-{n}")
        if len(seeds) == len(COVER_STYLES):
            break
    pictures = [thumbnail(seed) for seed in seeds.values()]
    for a, b in itertools.combinations(pictures, 2):
        assert difference(a, b) > 10


def test_the_demo_covers_look_different_from_each_other():
    covers = list(demo_covers())
    assert len(covers) >= 10
    # Not one kind of picture in other colours: as many kinds as covers.
    assert len({cover_style(seed) for _, seed, _ in covers}) == len(covers)
    pictures = {name: thumbnail(seed) for name, seed, _ in covers}
    for (a, first), (b, second) in itertools.combinations(pictures.items(), 2):
        assert difference(first, second) > 10, (a, b)


def test_each_demo_cover_alt_text_says_what_it_shows():
    for name, seed, alt in demo_covers():
        assert alt == cover_description(seed), name
