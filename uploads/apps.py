from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = "Uploads and media storage"

    def ready(self):
        from . import checks, permissions, storage  # noqa: F401  (the check, the signal)

        permissions.register()
