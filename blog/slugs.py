"""Slugs made from titles: short, cut between words.

Wagtail makes a page's slug from its whole title, up to 255 characters, so a long title gave
an address as long as a sentence. Here a slug made from a title stops at the last whole word
within ``SLUG_MAX`` characters; the title itself is not cut.
"""

from django.conf import settings
from django.utils.text import slugify

SLUG_MAX = 60


def short_slug(text, max_length=SLUG_MAX):
    """``text`` as a slug of at most ``max_length`` characters, cut at a hyphen (between
    words) when it is longer; cut mid-word only when its first word is already too long."""
    slug = slugify(text, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    if "-" in cut:
        cut = cut[: cut.rindex("-")]
    return cut[:max_length].strip("-")
