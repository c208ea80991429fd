"""What every page's template is given from the settings: the site-wide banner
(``SITE_BANNER``: "Staging: not the live site" on staging, empty elsewhere)."""

from django.conf import settings


def site_banner(request):
    return {"site_banner": settings.SITE_BANNER}
