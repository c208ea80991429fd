"""Where uploads live: the S3 backend the Media settings name, and the renditions storage.

The ``default`` storage holds what editors upload (original images, documents); the
``renditions`` alias holds the resized images readers see. Locally both are the media folder;
on S3 the first is private and the second public (see the Media section of the settings).
"""

import functools
import logging
import mimetypes
import posixpath
import secrets

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import import_string
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

RENDITIONS = "renditions"

# What S3 raises when it is down or refuses: connection errors, timeouts, access denied, no
# such bucket (a failed upload may come wrapped in boto3's own error).
S3_ERRORS = (BotoCoreError, ClientError, Boto3Error)

# Content types by extension, set from the file's name and never from what the uploading
# browser claims, so nothing in the bucket is served as HTML. Every extension the settings
# accept (WAGTAILIMAGES_EXTENSIONS, WAGTAILDOCS_EXTENSIONS) is listed, because servers' MIME
# tables often lack AVIF and WebP, and a slim container has none at all: Python alone knows
# no office format, and a .docx would be stored as application/octet-stream.
CONTENT_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def content_type_for(name):
    extension = posixpath.splitext(name)[1].lower()
    return CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0] or DEFAULT_CONTENT_TYPE


class MediaS3Storage(S3Storage):
    """django-storages' S3 backend with three changes for uploads:

    - content types come from the file name (``content_type_for``);
    - short timeouts and few retries, so an upload to a store that is down fails in seconds
      with a message (``uploads.middleware``) instead of holding a worker for minutes;
    - an original that cannot be read because the store is down raises ``OSError``, which
      Wagtail's ``{% image %}`` tag turns into a missing-image placeholder: a reader page
      still answers while the store is away.

    The timeouts live here rather than in the settings' OPTIONS because Wagtail hands a
    storage's constructor arguments to a task when it deletes files, and tasks take JSON.
    """

    timeouts = Config(
        connect_timeout=5, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}
    )

    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(self.timeouts)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault("ContentType", content_type_for(name))
        return parameters

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except S3_ERRORS as error:
            logger.warning("Media storage could not open %s: %s", name, error)
            raise OSError(f"The media storage could not open {name}: {error}") from error


# Bytes of randomness in a rendition's name: 16 hex characters, far too many to guess.
RENDITION_TOKEN_BYTES = 8


class RenditionStorage(LazyObject):
    """The ``renditions`` storage alias, looked up when first used.

    Wagtail resolves WAGTAILIMAGES_RENDITION_STORAGE once, when its Rendition model is
    defined; a plain alias would then keep the storage of that moment for good. This proxy
    follows STORAGES instead, like Django's ``default_storage`` does.

    It also names new renditions. Wagtail names one after its original and filter
    ("images/cover.fill-640x360.webp"), and renditions are public (on S3 the public
    prefix or bucket), so a draft's cover, made when an editor opens the draft, could be
    fetched by anyone guessing a common file name. A random part makes the name unguessable;
    the name is stored with the rendition, so every app server links the same file, and
    existing renditions keep theirs. Random rather than derived from the name: two images
    whose names Wagtail cuts to the same stem would share a derived part, and one writer's
    own rendition would give away the other's name.
    """

    def _setup(self):
        self._wrapped = storages[RENDITIONS]

    def generate_filename(self, filename):
        if self._wrapped is empty:
            self._setup()
        # After the original's stem, so the name still ends in the filter and the format:
        # "images/cover.3f0c…e1.fill-640x360.webp".
        folder, name = posixpath.split(self._wrapped.generate_filename(filename))
        stem, dot, rest = name.partition(".")
        token = secrets.token_hex(RENDITION_TOKEN_BYTES)
        return posixpath.join(folder, f"{stem}.{token}{dot}{rest}")


rendition_storage = RenditionStorage()


def get_rendition_storage():
    """Named by WAGTAILIMAGES_RENDITION_STORAGE: Wagtail calls a dotted path it is given."""
    return rendition_storage


@receiver(setting_changed)
def _follow_storages_setting(*, setting, **kwargs):
    if setting == "STORAGES":
        rendition_storage._wrapped = empty
    if setting in {"STORAGES", "MEDIA_URL", "STATIC_URL"}:
        media_url_prefixes.cache_clear()
        static_url_prefix.cache_clear()


# A file name no storage changes when it builds a URL, cut off again to leave the prefix.
_PROBE = "bj-media-url-prefix-probe"


@functools.cache
def media_url_prefixes():
    """The start of every URL the media storages hand to browsers, each ending in "/".

    "/media/" for local media (or MEDIA_URL when it is absolute); on S3 the bucket's address
    (``https://bucket.s3.amazonaws.com/``, ``http://minio:9000/bucket/`` with path-style
    addressing) and the CDN's (``https://media.example.org/public/``). The
    Content-Security-Policy lets pages load images from these and no other host, and a
    Markdown image from anywhere else becomes a link (``blog.rendering``). Built without
    signing or asking the store, and kept until the storage settings change.
    """
    prefixes = []
    for alias in ("default", RENDITIONS):
        prefix = _url_prefix(storages[alias])
        if prefix and prefix not in prefixes:
            prefixes.append(prefix)
    return tuple(prefixes)


@functools.cache
def static_url_prefix():
    """Where browsers fetch static files: STATIC_URL, or the bucket's public/static/ (or the
    CDN's) with STATIC_ON_S3. The Content-Security-Policy allows scripts and styles from
    here. Worked out from the settings: the static storage itself would read its manifest
    from the bucket first."""
    config = settings.STORAGES["staticfiles"]
    if issubclass(import_string(config["BACKEND"]), S3Storage):
        return _url_prefix(S3Storage(**config.get("OPTIONS", {})))
    return settings.STATIC_URL


def _url_prefix(storage):
    url = _unsigned_url(storage, _PROBE).split("?", 1)[0]
    prefix = url.removesuffix(_PROBE)
    return prefix if prefix != url and prefix.endswith("/") else None


def _unsigned_url(storage, name):
    if not isinstance(storage, S3Storage):
        return storage.url(name)
    key = posixpath.join(storage.location, name) if storage.location else name
    if storage.custom_domain:
        return f"{storage.url_protocol}//{storage.custom_domain}/{key}"
    # The private storage signs its URLs; the prefix is the same without a signature, and
    # signing could look credentials up over the network.
    client = storage.unsigned_connection.meta.client
    return client.generate_presigned_url(
        "get_object", Params={"Bucket": storage.bucket_name, "Key": key}
    )


def s3_storages(aliases=None):
    """(alias, storage) for each configured storage that is on S3, in settings order."""
    for alias in aliases or settings.STORAGES:
        storage = storages[alias]
        if isinstance(storage, S3Storage):
            yield alias, storage
