"""Every account has a name to show, so the admin never shows an email address for one.

Wagtail shows a user as their full name or, without one, their username, and usernames are
mostly email addresses (contributors sign up with theirs). Sign-up, Wagtail's user forms
and the demo loader always give a name; ``createsuperuser`` and scripts do not, and such an
editor's address would then appear to every contributor whose piece they review (workflow
history, comments, "locked by", page history). An account saved with an address for a
username and no name gets the address's local part as its first name.
"""

from django.conf import settings
from django.db.models.signals import pre_save


def name_from_username(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and "first_name" not in update_fields:
        return  # a partial save (last login, password) writes only what it names
    if instance.first_name.strip() or instance.last_name.strip():
        return
    local, at, _domain = instance.get_username().partition("@")
    if at and local:
        instance.first_name = local[: type(instance)._meta.get_field("first_name").max_length]


def connect():
    """Call once, from AppConfig.ready."""
    pre_save.connect(
        name_from_username,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="accounts.display_names.name_from_username",
    )
