import sys

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ApiConfig(AppConfig):
    """The content API: reader endpoints on Wagtail's API v3, and the rules its own
    endpoints follow here. Mounted from ``api/urls.py``."""

    name = "api"
    verbose_name = "Content API"

    def ready(self):
        # Wagtail builds every page type's API schema once, when its registry module is
        # first imported (by wagtail.images' ready()). Field types it does not know must be
        # taught before then, so this app comes before the Wagtail apps in INSTALLED_APPS.
        if "wagtail.api.v3.registry" in sys.modules:
            raise ImproperlyConfigured(
                "Put 'api' before the Wagtail apps in INSTALLED_APPS: it registers API "
                "field schemas that Wagtail reads once, when its API registry loads."
            )
        from django_countries.fields import CountryField
        from wagtail.api.v3.schemas.generators.read import read_generator

        from .fields import country_schema

        read_generator.register_field_schema(CountryField, country_schema)
