"""Reading a response's Content-Security-Policy in tests, as a browser would for images."""

from urllib.parse import urlsplit


def policy_of(response):
    """{directive: [sources]} from the response's header (which must be there)."""
    header = response["Content-Security-Policy"]
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        assert name not in policy, f"{name} twice in {header}"
        policy[name] = sources
    return policy


def allows_image(policy, url, *, page_origin="http://testserver"):
    """Whether ``img-src`` lets a page at ``page_origin`` load ``url`` (CSP Level 3 source
    matching, for the kinds of source our policy uses)."""
    sources = policy.get("img-src", policy["default-src"])
    parts = urlsplit(url)
    if not parts.scheme:  # relative: the page's own origin
        parts = urlsplit(page_origin + url)
    origin = f"{parts.scheme}://{parts.netloc}"
    for source in sources:
        if source == "'self'" and origin == page_origin:
            return True
        if source.endswith(":") and parts.scheme == source[:-1]:
            return True
        if "://" in source:
            source_parts = urlsplit(source)
            same_host = f"{source_parts.scheme}://{source_parts.netloc}" == origin
            if same_host and parts.path.startswith(source_parts.path or "/"):
                return True
    return False
