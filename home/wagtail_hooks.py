"""The staging banner in the editors' admin too: an editor on staging must not think their
change reached readers (``SITE_BANNER``, set by config/settings/staging.py)."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_banner_style():
    if not settings.SITE_BANNER:
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-banner.css"))


@hooks.register("insert_global_admin_js")
def admin_banner():
    if not settings.SITE_BANNER:
        return ""
    return format_html('<p class="bj-admin-banner" role="note">{}</p>', settings.SITE_BANNER)
