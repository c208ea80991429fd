from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from . import checks  # noqa: F401 (registers the search backend check)
