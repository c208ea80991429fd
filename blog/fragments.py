"""Readers' pages' main content and meta, rendered once and kept in the cache until anything
readers may see changes.

What a reader page shows besides the site's frame (its article or listing, its cards, its
Open Graph and JSON-LD) depends on pages, tags, images, series, view restrictions and
sites, rarely changed and read on every request. ``kept()`` renders it once per *publish
generation* (``pagecache.generation``: the token the page cache uses, replaced on every
change readers could see, ``pagecache/invalidation.py``) and keeps it.

A fragment is never kept for a preview (a draft, or edits not even saved), holds nothing of
one reader's (no CSRF token, no name: the userbar and the search box stay outside it) and
is keyed on the host and scheme its absolute links were built for. It lives no longer than
a shared cache may keep the whole page (``SHARED_CACHE_SECONDS``). It expires when the first
of the pages it shows does (``expire_at``), which ``visible()`` hides before
``publish_scheduled`` unpublishes it. When the cache cannot be reached, pages are rendered as
if nothing were kept (``generation.remembered``).
"""

import functools

from django.conf import settings
from django.core.paginator import Page as ListingPage
from django.template.loader import render_to_string
from django.utils import timezone

from pagecache import generation


def _timeout(pages):
    """Seconds until the first of ``pages`` expires, within the shared cache's limit."""
    seconds = settings.SHARED_CACHE_SECONDS
    now = timezone.now()
    for page in pages:
        expire_at = getattr(page, "expire_at", None)
        if expire_at is not None:
            seconds = min(seconds, int((expire_at - now).total_seconds()))
    return seconds


def _keepable(request, query):
    """Not a preview, and no query parameter but ``query``: a fragment that reads one (a
    listing's page number) carries the others in its links, and those are one reader's."""
    if getattr(request, "is_preview", False):
        return False
    return not query or set(request.GET) <= set(query)


def kept(request, parts, render, *, query=()):
    """What ``render()`` returns for ``parts`` (a tuple naming what is rendered), kept for
    this publish generation. ``render`` returns ``(value, pages)``: ``pages`` are what the
    value shows, for its expiry; a value of ``None`` is not kept. ``query``: the query
    parameters it reads."""
    if not _keepable(request, query):
        return render()[0]

    def rendered():
        value, pages = render()
        return value, (0 if value is None else _timeout(pages))

    parts = [request.scheme, request.get_host(), *parts]
    parts += [request.GET.get(name, "") for name in query]
    return generation.remembered("reader-fragment", parts, rendered, request=request)


def _shown(values):
    """The pages among ``values`` and in the lists among them (cards, a listing's page)."""
    for value in values:
        if hasattr(value, "expire_at"):
            yield value
        elif isinstance(value, list | tuple | ListingPage):
            yield from (item for item in value if hasattr(item, "expire_at"))


class KeptMain:
    """A reader page type whose content (``main_template``, with what ``main_context`` adds:
    the queries) and meta are ``kept``. Its template puts ``{{ main }}`` in its content
    block; ``base.html`` reads ``meta``."""

    main_template = None
    main_query = ()  # the query parameters the content reads: ("page",) for a listing

    def main_context(self, request):
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parts = ("page", self.pk, self.latest_revision_id, self.main_template)
        render = functools.partial(self.render_main, request, context)
        context.update(kept(request, parts, render, query=self.main_query))
        return context

    def render_main(self, request, context):
        from . import seo  # seo reads the page models

        listed = self.main_context(request)
        context = {**context, **listed}
        value = {
            "main": render_to_string(self.main_template, context, request),
            "meta": seo.context_meta(request, context),
        }
        return value, [self, *_shown(listed.values())]
