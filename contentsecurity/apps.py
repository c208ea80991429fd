from django.apps import AppConfig


class ContentSecurityConfig(AppConfig):
    name = "contentsecurity"
    verbose_name = "Content-Security-Policy"

    def ready(self):
        from . import choosers

        choosers.render_choosers_without_inline_script()
