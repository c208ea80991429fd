"""What joining through "Write for us" records about an account."""

from django.conf import settings
from django.db import models


class ContributorSignup(models.Model):
    """An account made by the public sign-up, and when its address was confirmed.

    An inactive user alone is ambiguous: it may be a sign-up still waiting for its link, or
    an account an administrator switched off. Only the first may be sent a new link and
    activated by it; a sign-up must never switch a deactivated account back on.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor_signup"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "contributor sign-up"

    def __str__(self):
        state = "confirmed" if self.confirmed_at else "waiting for confirmation"
        return f"Sign-up of user {self.user_id} ({state})"

    @property
    def is_pending(self):
        return self.confirmed_at is None
