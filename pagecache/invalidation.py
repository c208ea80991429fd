"""What retires the cached pages: every change a reader could see, from any app server, the
worker or a command (``generation.bump``).

Pages: published (by hand, by a workflow's approval, or by the scheduler going live),
unpublished (by hand or on expiry), moved, deleted, and their privacy changed. Everything
pages show without being pages: tags, tutorial series, images and documents, promoted search
results, redirects (a 404 kept in the cache must give way to a new redirect) and sites.

A draft saved, an autosave or a revision submitted for review changes nothing a reader sees,
so none of them retires anything: writers save often.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import generation

# (app label, model name) of the models whose rows readers see on pages that are not theirs.
SHOWN_ON_PAGES = [
    ("wagtailcore", "PageViewRestriction"),
    ("wagtailcore", "CollectionViewRestriction"),
    ("wagtailcore", "Site"),
    ("wagtailredirects", "Redirect"),
    ("wagtailsearchpromotions", "SearchPromotion"),
    ("taggit", "Tag"),
    ("blog", "TutorialSeries"),
]


def page_changed(sender, instance, **kwargs):
    generation.bump(f"{sender.__name__} {instance.pk} published, unpublished or moved")


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        generation.bump(f"{sender.__name__} {instance.pk} deleted")


def row_changed(sender, instance, **kwargs):
    generation.bump(f"{sender._meta.label} {instance.pk} changed")


def shown_models():
    models = [apps.get_model(app_label, name) for app_label, name in SHOWN_ON_PAGES]
    return [*models, get_image_model(), get_document_model()]


def connect():
    page_signals = {
        "page_published": page_published,
        "page_unpublished": page_unpublished,
        "post_page_move": post_page_move,
    }
    for name, signal in page_signals.items():
        signal.connect(page_changed, dispatch_uid=f"pagecache.{name}")
    post_delete.connect(page_deleted, dispatch_uid="pagecache.page_deleted")
    for model in shown_models():
        label = model._meta.label
        post_save.connect(row_changed, sender=model, dispatch_uid=f"pagecache.{label}.saved")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"pagecache.{label}.deleted")
