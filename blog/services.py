"""Page writes that several apps share: a writer's author profile (made at sign-up
confirmation, by the importer and the demo loader), a free slug under a parent, and the
publication date of a piece first published elsewhere. Views, commands and other apps'
services call these; the page models keep no side effects of their own.
"""

import logging

from django.utils.text import slugify

from . import fragments
from .models import AuthorIndexPage, AuthorPage

logger = logging.getLogger(__name__)

# A slug made from a name: at most this long before a "-2" is added, "page" when the name
# has no letters or digits to make one from.
SLUG_BASE_MAX = 200
FALLBACK_SLUG = "page"


def unique_slug(parent, name, *, fallback=FALLBACK_SLUG):
    """A slug from ``name`` that no child of ``parent`` has yet: ``name``, ``name-2``, …"""
    base = slugify(name)[:SLUG_BASE_MAX].strip("-") or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def author_profile_create(*, user, name=None):
    """``user``'s author profile: the existing one, or a new draft under the authors index,
    owned by them, for editors to publish once there is something to show. ``None`` when
    there is no authors index yet."""
    existing = AuthorPage.objects.filter(user=user).first()
    if existing is not None:
        return existing
    index = AuthorIndexPage.objects.first()
    if index is None:
        logger.warning("No author index page: user %s has no author profile", user.pk)
        return None
    name = name or user.get_full_name() or user.get_username()
    page = AuthorPage(
        title=name, slug=unique_slug(index, name, fallback="author"), user=user, owner=user,
        live=False,
    )  # fmt: skip
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def page_backdate(page, *, first_published_at, last_published_at=None):
    """Give a published ``page`` the dates it was first (and last) published on elsewhere,
    or in the past: Wagtail sets them to now when it publishes. Written past ``save()``,
    which would make a new revision, and copied onto ``page``."""
    dates = {"first_published_at": first_published_at}
    if last_published_at is not None:
        dates["last_published_at"] = last_published_at
    type(page).objects.filter(pk=page.pk).update(**dates)
    fragments.changed()  # no save, no signal: what readers were shown is stale
    for name, value in dates.items():
        setattr(page, name, value)
    return page
