"""Every tag has an address. taggit slugifies a tag's name, and a name without letters or
digits ("🙂", "!!!") slugifies to nothing, which no ``/tags/<slug>/`` link can be built from:
every page listing that tag would fail. Such a tag gets a slug from its name's ASCII spelling
("🙂" is ``slight_smile``), or ``tag`` when even that has none (taggit then numbers it)."""

from anyascii import anyascii
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from taggit.models import Tag

FALLBACK_SLUG = "tag"


def tag_slug_for(name):
    return slugify(name, allow_unicode=True) or slugify(anyascii(name)) or FALLBACK_SLUG


@receiver(pre_save, sender=Tag, dispatch_uid="blog.tags.give_every_tag_a_slug")
def give_every_tag_a_slug(sender, instance, **kwargs):
    if not instance.slug:
        instance.slug = tag_slug_for(instance.name)
