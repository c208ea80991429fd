from django.apps import AppConfig


class FollowConfig(AppConfig):
    name = "follow"
    verbose_name = "Follow by email"

    def ready(self):
        from . import signals

        # A piece's first publication is announced to whoever follows it.
        signals.connect()
