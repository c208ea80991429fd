"""The Content-Security-Policy header: django-csp's middleware, plus the sources that
depend on the request or on the storages rather than on the settings file alone.

- ``img-src`` adds the hosts our media is served from (``media_url_prefixes()``: the S3
  bucket, the CDN), which follow the storage settings; scripts, styles, images and fonts
  may come from the static files' host when it is not this one (STATIC_ON_S3);
- ``frame-ancestors`` follows the response's X-Frame-Options: ``'none'`` like DENY, except
  for what Wagtail lets the admin frame (SAMEORIGIN), which gets ``'self'``. A preview is
  rendered through the middleware twice: first for Wagtail's dummy request to the page's
  own URL (``request.is_preview``), whose header is the one sent, then for the preview view.

In the admin, one inline event handler is allowed by its hash (see ``JCROP_FEATURE_TEST``).

It sits above XFrameOptionsMiddleware so it sees the header that middleware sets.
"""

import re

from csp.constants import SELF, UNSAFE_HASHES
from csp.middleware import CSPMiddleware
from django.urls import reverse

from uploads.storage import media_url_prefixes, static_url_prefix

# A source in the header may not carry spaces, ";" or ",": they would start another source
# or directive.
_SOURCE = re.compile(r"https?://[^\s;,'\"]+/")


# Jcrop, the image editor's focal-point chooser, tests for touch events with
# setAttribute("ontouchstart", "return;") on an element it throws away, which the policy
# would refuse and report on every image's edit page. That handler, and only that one, is
# allowed: it does nothing, and the test answers as it does without a policy.
JCROP_FEATURE_TEST = "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"  # "return;"


def media_sources():
    """The absolute media prefixes as CSP sources ('self' already covers "/media/")."""
    return [prefix for prefix in media_url_prefixes() if _SOURCE.fullmatch(prefix)]


def static_sources():
    prefix = static_url_prefix()
    return [prefix] if prefix and _SOURCE.fullmatch(prefix) else []


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        static = static_sources()
        for directive in ("default-src", "script-src", "style-src"):
            update[directive] = [*update.get(directive, ()), *static]
        update["img-src"] = [*update.get("img-src", ()), *static, *media_sources()]
        if request.path.startswith(reverse("wagtailadmin_home")):
            update["script-src-attr"] = [UNSAFE_HASHES, JCROP_FEATURE_TEST]
        replace = dict(parts.replace or {})
        framed_by_admin = getattr(request, "is_preview", False)
        if framed_by_admin or response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace.setdefault("frame-ancestors", [SELF])
        parts.update, parts.replace = update, replace
        return parts
