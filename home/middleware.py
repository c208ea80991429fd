"""Request hygiene for every view: no address or query parameter carries a NUL into a view.

No database stores NUL in text and PostgreSQL refuses a query that holds one (a ValueError,
so a 500), and any view that passes a parameter to a query would fail that way: Wagtail's
tag autocomplete, the admin page search's content type, Wagtail's page routing, and
whatever comes later. Handling it here, once, means no view has to remember: an address with
a NUL names no page (404); query parameters lose their NULs, as any text the site stores
does (``blog/text.py``), so a search for "queue\0cache" is a search for "queuecache". The
content API answers for itself, in its own format (``api/guards.py``).
"""

from django.http import Http404, QueryDict

NUL = "\x00"


def _without_nul(parameters):
    clean = QueryDict(mutable=True)
    for key, values in parameters.lists():
        clean.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    clean._mutable = False
    return clean


class NoNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            if NUL in request.path:
                raise Http404("No page has a NUL in its address.")
            if NUL in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
                "QUERY_STRING", ""
            ):
                request.GET = _without_nul(request.GET)
        return self.get_response(request)
