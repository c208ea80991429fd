"""The site as production serves it, for the Lighthouse test: gunicorn, the production
settings, WhiteNoise's compressed, hashed static files; and the pictures, which production
keeps in S3 with a year's ``Cache-Control`` (``config/settings/base.py``), served beside it
from ``MEDIA_ROOT`` with the same header, standing in for the bucket."""

from django.conf import settings
from whitenoise import WhiteNoise

from config.wsgi import application as site

ONE_YEAR = 60 * 60 * 24 * 365

# Renditions are made while a page is first rendered, after this starts: look files up as
# they are asked for.
application = WhiteNoise(
    site,
    root=settings.MEDIA_ROOT,
    prefix=settings.MEDIA_URL,
    max_age=ONE_YEAR,
    autorefresh=True,
    immutable_file_test=lambda path, url: False,
)
