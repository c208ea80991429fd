from django.apps import AppConfig
from django.db.models.signals import pre_save


class BlogConfig(AppConfig):
    name = "blog"

    def ready(self):
        from taggit.models import Tag

        from . import signals, tags, text

        # In this order: text is cleaned first, then a tag without a slug gets one from its
        # clean name.
        pre_save.connect(text.clean_stored_text, dispatch_uid="blog.text.clean_stored_text")
        pre_save.connect(
            tags.give_every_tag_a_slug, sender=Tag, dispatch_uid="blog.tags.give_every_tag_a_slug"
        )
        # A piece's writers' draft profiles are published with it.
        signals.connect()
