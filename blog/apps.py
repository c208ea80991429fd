from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"

    def ready(self):
        from . import tags  # noqa: F401  (connects the tag slug receiver)
