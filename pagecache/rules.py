"""Which requests the page cache may answer, which responses it may keep, and under what key.

A request may be answered from the cache when it is an anonymous reader's: ``GET`` or
``HEAD``, no session or messages cookie (a signed-in user, a reader who gave a page's
password or has a message waiting have one), not for the admin, the API, previews or the
forms, and the page cache switched on. A response may be kept when it was not made for a
signed-in user (their name is in the header) and anyone may keep it
(``headers.shareable``: 200 or 404, no cookie set, no CSRF token) and it says nothing
against it: no ``Cache-Control`` of its own (previews, the admin, Wagtail's password form
set one), no CSP nonce (those are per response), no ``Vary`` on anything but the cookie.

The key is the absolute address with its query parameters in a fixed order, and the search
query as the search page reads it (``search.forms.clean_query``): ``?q=Django%20%20ORM&page=2``
and ``?page=2&q=Django+ORM`` are one page. Keys are hashed, so a long address makes a short
key.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost

from search.forms import clean_query

from .headers import NOT_READER_PAGES, shareable

# A query string longer than this, or with more parameters, is answered but not kept: nobody
# links to it, and each would take a place in the cache.
MAX_QUERY_STRING = 400
MAX_PARAMETERS = 8
VARY_ALLOWED = {"cookie", "accept-encoding"}


def enabled():
    return settings.PAGE_CACHE


def personal_cookies():
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


def may_serve(request):
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in personal_cookies())
        and not request.path.startswith(NOT_READER_PAGES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _signed_in(request):
    # A signed-in user's page shows their name (the site header): never kept, even when
    # they were recognised without a session cookie (a custom backend, a test client).
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def may_keep(request, response):
    if request.method != "GET" or response.streaming or response.has_header("Cache-Control"):
        return False
    if _signed_in(request):
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= VARY_ALLOWED and shareable(request, response)


def key(request):
    """The cache key of this request's page, or None when it has none (a bad host)."""
    try:
        address = f"{request.scheme}://{request.get_host()}{request.path}"
    except DisallowedHost:
        return None
    parameters = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if len(parameters) > MAX_PARAMETERS:
        return None
    normalised = sorted(
        (name, clean_query(value) if name == "q" else value) for name, value in parameters
    )
    if normalised:
        address = f"{address}?{urlencode(normalised)}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{settings.RELEASE_ID}:{digest}"
