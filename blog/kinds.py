"""The page types readers see, declared once: on each model, as its ``kind``.

A reader page type (a journey story, a tutorial, an author profile) says on its model class
what the rest of the site needs to know about it: its key in URLs, filters, the API and
import files, its labels, its feed, whether contributors may write one, how search engines
should call it. Everything that lists page types (search and its type filter, the feeds, the
content API's ``type``, the importer and export, the editorial permissions, the page meta)
asks this module instead of naming models, so a new type appears everywhere once its model
declares a ``PageKind`` (and has a template).

The index a type lives under is the first of its model's ``parent_page_types``.
"""

import functools
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class PageKind:
    key: str  # "story": in URLs, search filters, the API's ``type``, import files' ``type:``
    label: str  # "Journey story"
    plural: str  # "Journey stories"
    # Articles are listed together (home, tags, author pages, feeds); others are not.
    article: bool = True
    # Contributors may write one; otherwise only editors create them.
    contributors_create: bool = False
    # The feed of this type alone, at /feeds/<feed>/…, or None.
    feed: str | None = None
    feed_description: str = ""
    # The schema.org type search engines are told (JSON-LD).
    schema_type: str = "Article"
    # Other words an import file may use for ``type:``.
    import_aliases: tuple = ()
    # The type's own fields, beyond what every piece has: what import files, export and the
    # importer's change check read and write.
    fields: tuple = ()


@functools.cache
def _page_models():
    """Read on every request (routing, menus, search): the models, once. ``get_models()``
    refuses to answer before every model is loaded, so nothing partial is kept."""
    from wagtail.models import Page

    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Page) and isinstance(model.__dict__.get("kind"), PageKind)
    )


def models():
    """Every reader page model with a kind, in the order their apps define them."""
    return list(_page_models())


def article_models():
    return [model for model in _page_models() if model.kind.article]


def all_kinds():
    return [model.kind for model in _page_models()]


def model_for(key):
    """The model whose kind is ``key``, or ``None``."""
    return next((model for model in _page_models() if model.kind.key == key), None)


def kind_of(model_or_page):
    """The kind of a model, a page or a base ``ArticlePage`` row (its specific class's)."""
    if isinstance(model_or_page, type):
        model = model_or_page
    else:
        model = getattr(model_or_page, "specific_class", None) or type(model_or_page)
    kind = model.__dict__.get("kind")
    return kind if isinstance(kind, PageKind) else None


def index_model(model):
    """The index page type ``model``'s pages live under."""
    return apps.get_model(model.parent_page_types[0])


def contributor_models():
    """What contributors may create."""
    return [model for model in _page_models() if model.kind.contributors_create]
