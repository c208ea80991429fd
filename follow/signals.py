"""A piece's first publication is announced to its followers, whoever publishes it (an
editor in the admin, the API, the importer, or the worker at a scheduled time)."""

from wagtail.signals import page_published


def announce_first_publication(sender, instance, **kwargs):
    from blog.models import ArticlePage

    from .services import piece_published

    if isinstance(instance, ArticlePage):
        piece_published(instance)


def connect():
    """Call once, from AppConfig.ready."""
    page_published.connect(announce_first_publication, dispatch_uid="follow.signals.announce")
