"""What publishing a piece does beyond Wagtail's own publish: its writers' draft author
profiles go live with it (``services.author_profiles_publish_for``), whoever publishes it
(an editor in the admin, the API, or the worker at a scheduled time)."""

from wagtail.signals import page_published


def publish_bylined_profiles(sender, instance, **kwargs):
    from .services import author_profiles_publish_for  # services import the models

    author_profiles_publish_for(instance)


def connect():
    """Call once, from AppConfig.ready."""
    page_published.connect(publish_bylined_profiles, dispatch_uid="blog.signals.profiles")
