from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = "Uploads and media storage"

    def ready(self):
        from . import checks, storage  # noqa: F401  (registers the check and the signal)
