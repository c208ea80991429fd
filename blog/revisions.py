"""No revision identical to the one before it.

The admin autosaves a draft every few seconds (``WAGTAIL_AUTOSAVE_INTERVAL``) into one
revision; the submit that follows used to store a second revision with the same content a
moment later, so "Compare with previous version" on the submitted revision showed nothing.
``save_revision`` now returns the latest revision instead when it would store the same
content for the same person, and it is that revision the workflow reviews.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

# What saving or publishing a revision changes by itself: not the piece's content.
BOOKKEEPING = {
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "has_unpublished_changes",
    "draft_title",
    "live",
    "first_published_at",
    "last_published_at",
    "locked",
    "locked_at",
    "locked_by",
}


def _content(data):
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {key: value for key, value in data.items() if key not in BOOKKEEPING}


class NoIdenticalRevisions:
    """For page models: mixed in before ``Page``."""

    def save_revision(self, user=None, *args, **kwargs):
        latest = None if args else self._identical_latest_revision(user, kwargs)
        if latest is not None:
            return latest
        return super().save_revision(user, *args, **kwargs)

    def _identical_latest_revision(self, user, kwargs):
        special = ("overwrite_revision", "previous_revision", "approved_go_live_at")
        if any(kwargs.get(key) is not None for key in special):
            return None
        if not self.pk or not self.latest_revision_id:
            return None
        latest = self.latest_revision
        if (
            latest is None
            or latest.user_id != (user.pk if user is not None else None)
            or latest.approved_go_live_at is not None
            or latest.pk == self.live_revision_id
        ):
            return None
        if _content(latest.content) != _content(self.serializable_data()):
            return None
        if kwargs.get("clean", True):
            self.full_clean()
        return latest
