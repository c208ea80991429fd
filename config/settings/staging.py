"""Staging: production's settings (the same image, checks and services), and only what a
rehearsal of the live site must change:

- a banner on every reader's page, "Staging: not the live site" (``SITE_BANNER``);
- no search engine indexes it: ``X-Robots-Tag: noindex`` on every answer and a robots.txt that
  disallows everything (``home/indexing.py``);
- its own database and its own bucket, so a rehearsed migration or a deleted image never
  touches the live site's: ``DATABASE_URL`` and ``AWS_STORAGE_BUCKET_NAME`` must be set (a
  production that left them out would fall back to a local SQLite file and local media).

The README's "Deploying" section and ``.env.staging.example`` list the variables.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str
from .production import *  # noqa: F403

for _variable, _what in [
    ("DATABASE_URL", "staging's own PostgreSQL database"),
    ("AWS_STORAGE_BUCKET_NAME", "staging's own media bucket"),
]:
    if not env_str(_variable):
        raise ImproperlyConfigured(
            f"{_variable} is not set: staging needs {_what}, never the live site's "
            "(see .env.staging.example)."
        )

SITE_BANNER = env_str("SITE_BANNER") or "Staging: not the live site"
SITE_NOINDEX = True
