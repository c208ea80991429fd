"""What the admin shows of other people's accounts: Wagtail's reports are for editors.

Wagtail opens its reports to anyone who may add a page, which contributors may: the
workflow reports list every submitter by username (mostly an email address) and offer
them all as a filter, site history and aging pages name who did what on pages that are not
theirs, and page types usage shows other writers' latest pages. Contributors follow their
own pieces on their dashboard and in each page's history instead. The Users and Groups
sections already need permissions contributors do not have.
"""

from wagtail.admin.auth import permission_denied

from .permissions import is_editor

REPORTS_NAMESPACE = "wagtailadmin_reports"


def may_see_reports(user):
    return is_editor(user)


class EditorOnlyReportsMiddleware:
    """Refuses Wagtail's report URLs to signed-in users who are not editors, the way the
    admin refuses its other areas (back to the dashboard with a message). Signed-out
    visitors go on to Wagtail's own login redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            REPORTS_NAMESPACE in match.namespaces
            and request.user.is_authenticated
            and not may_see_reports(request.user)
        ):
            return permission_denied(request)
        return None
