"""Text answers leave compressed for a browser that accepts gzip: pages, feeds, the sitemap,
JSON. Lighthouse counted 6 to 31 KB a page that a phone downloaded for nothing.

Django's ``GZipMiddleware`` (with its "Heal the BREACH" padding: a compressed page's length
no longer tells an attacker whether a guessed secret matched), for text only: pictures,
fonts and documents are compressed already, and a download keeps its ``Content-Length``.
Static files never reach it: WhiteNoise, above it, serves their precompressed copies. It sits
above ``ConditionalGetMiddleware``, whose ETag is then the uncompressed page's (made weak
here), and above the page cache, which keeps pages uncompressed.
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
