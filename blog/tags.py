"""Every tag has an address. taggit slugifies a tag's name, and a name without letters or
digits ("🙂", "!!!") slugifies to nothing, which no ``/tags/<slug>/`` link can be built from:
every page listing that tag would fail. Such a tag gets a slug from its name's ASCII spelling
("🙂" is ``slight_smile``), or ``tag`` when even that has none (taggit then numbers it)."""

from anyascii import anyascii
from django.utils.text import slugify
from taggit.utils import _parse_tags

from .text import clean_text

FALLBACK_SLUG = "tag"


def tag_slug_for(name):
    return slugify(name, allow_unicode=True) or slugify(anyascii(name)) or FALLBACK_SLUG


def give_every_tag_a_slug(sender, instance, **kwargs):
    """pre_save receiver for taggit's ``Tag`` (connected in ``BlogConfig.ready``)."""
    if not instance.slug:
        instance.slug = tag_slug_for(instance.name)


def tags_from_string(text):
    """``TAGGIT_TAGS_FROM_STRING``: taggit's own parsing of the tag field (admin and API), on
    clean text, so a pasted control character can neither name a tag nor make a tag that
    exists look new (which would then collide with it when stored clean)."""
    return _parse_tags(clean_text(text))
