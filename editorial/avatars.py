"""A user's picture in the admin: their author profile's avatar, as a small rendition from
our own media. Wagtail would otherwise ask Gravatar (``WAGTAIL_GRAVATAR_PROVIDER_URL`` is
None, so it falls back to its own default picture)."""

from django.core.exceptions import ObjectDoesNotExist

ATTRIBUTE = "_editorial_avatar_urls"


def profile_avatar_url(user, size=50):
    """The URL, or None for Wagtail's own default; remembered on the user object so that a
    page showing the same person twice asks once."""
    if user is None or not getattr(user, "pk", None):
        return None
    size = max(16, min(int(size or 50), 400))
    cached = user.__dict__.setdefault(ATTRIBUTE, {})
    if size not in cached:
        cached[size] = _lookup(user, size)
    return cached[size]


def _lookup(user, size):
    from blog.models import AuthorPage

    profile = (
        AuthorPage.objects.filter(user=user, avatar__isnull=False)
        .select_related("avatar")
        .only("pk", "avatar")
        .first()
    )
    if profile is None:
        return None
    try:
        return profile.avatar.get_rendition(f"fill-{size}x{size}").url
    except (ObjectDoesNotExist, OSError, ValueError):
        return None  # a missing or unreadable file: Wagtail's default picture
