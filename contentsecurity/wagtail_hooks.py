from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_init_controller():
    # Starts Wagtail's choosers, panels and date pickers without inline script (choosers.py).
    return format_html('<script src="{}"></script>', static("contentsecurity/js/admin-init.js"))
