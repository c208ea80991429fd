"""Page writes that several apps share: a writer's author profile (made at sign-up
confirmation, by the importer and the demo loader; filled in by its writer at the profile
step; published with their first piece), a free slug under a parent, and the
publication date of a piece first published elsewhere. Views, commands and other apps'
services call these; the page models keep no side effects of their own.
"""

import logging

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model

from pagecache import generation

from .models import ArticlePage, AuthorIndexPage, AuthorLink, AuthorPage

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


def author_profile_update(*, profile, user, name, bio, avatar_upload=None, links=()):
    """The writer's own profile step: ``name`` (the page title), ``bio`` (Markdown), a new
    avatar from ``avatar_upload`` (an already checked upload, see ``uploads.forms``; stored
    through the default storage, so on S3 when it is switched on) and ``links`` as
    ``(kind, url)`` pairs, saved as a new revision by ``user``. A live profile keeps what
    readers see until an editor publishes the change; a draft one is published with its
    writer's first piece (``author_profiles_publish_for``). Returns the edited page.
    Raises ``ValidationError`` (the page's own rules) before anything is written."""
    page = profile.get_latest_revision_as_object()
    page.title = name
    page.draft_title = name
    page.bio = bio
    page.links = [AuthorLink(kind=kind, url=url) for kind, url in links]
    page.full_clean()  # renders the bio, checks the title's and links' rules
    if avatar_upload is not None:
        image = get_image_model()(
            title=f"{name} (avatar)"[:255],
            file=ImageFile(avatar_upload, name=avatar_upload.name),
            uploaded_by_user=user,
        )
        image._set_image_file_metadata()
        image.save()
        page.avatar = image
    page.save_revision(user=user, log_action=True)
    return page


def author_profiles_publish_for(piece):
    """Publish the writers' author profiles (those linked to an account) on ``piece``'s
    byline that were never published, so a published piece never has an unlinked byline by
    a writer who has a profile. A profile an editor unpublished after it had been live, and
    one with no account (a guest author an editor keeps), stay as the editor left them. Called when
    a piece is published (``blog.signals``); returns the profiles it published."""
    # Wagtail also sends ``page_published`` when it schedules a revision for later: the
    # profile waits until the piece itself is live.
    if not isinstance(piece, ArticlePage) or not piece.live:
        return []
    author_ids = [byline.author_id for byline in piece.article_authors.all()]
    drafts = AuthorPage.objects.filter(
        pk__in=author_ids, user__isnull=False, live=False, first_published_at__isnull=True
    ).order_by("pk")
    published = []
    for profile in drafts:
        revision = profile.latest_revision or profile.save_revision()
        revision.publish(log_action=True)
        logger.info("Author profile %s published with its first piece %s", profile.pk, piece.pk)
        published.append(profile)
    return published


def page_backdate(page, *, first_published_at, last_published_at=None):
    """Give a published ``page`` the dates it was first (and last) published on elsewhere,
    or in the past: Wagtail sets them to now when it publishes. Written past ``save()``,
    which would make a new revision, and copied onto ``page``."""
    dates = {"first_published_at": first_published_at}
    if last_published_at is not None:
        dates["last_published_at"] = last_published_at
    type(page).objects.filter(pk=page.pk).update(**dates)
    # No save, no signal: the cached pages that listed it by its old dates are retired here.
    generation.bump(f"{page.pk} back-dated")
    for name, value in dates.items():
        setattr(page, name, value)
    return page
