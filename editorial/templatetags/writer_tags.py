"""The site header's signed-in part: Write, the writer's name, "My stories" and "Sign out".

Only ever rendered for a signed-in request, which the page cache neither answers nor keeps
(``pagecache.rules``: a session cookie, and the CSRF token of the sign-out form): no
reader is ever sent a page with someone's name in it.
"""

from django import template

from editorial.write import may_write, write_url

register = template.Library()


@register.inclusion_tag("components/signed_in.html", takes_context=True)
def signed_in_header(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user": None}
    return {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "write_url": write_url() if may_write(user) else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
