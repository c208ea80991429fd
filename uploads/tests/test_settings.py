"""The Media section of the settings: local files with no variables; with a bucket, private
originals and documents, public renditions, documents served by redirect to a signed URL;
static files on S3 only when asked."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django_tasks.utils import normalize_json

from .helpers import CREDENTIALS, media_settings

S3_BACKEND = "uploads.storage.MediaS3Storage"
VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_PUBLIC_BUCKET_NAME",
    "STATIC_ON_S3",
)


@pytest.fixture
def environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def media(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return media_settings()

    return media


def test_without_a_bucket_media_is_local(environment):
    media = environment()

    assert media.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert media.STORAGES["renditions"]["BACKEND"].endswith("FileSystemStorage")
    assert media.STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert media.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_with_a_bucket_originals_are_private_and_renditions_public(environment):
    media = environment(
        AWS_STORAGE_BUCKET_NAME="journeys-media", AWS_S3_CUSTOM_DOMAIN="media.example.org"
    )
    private = media.STORAGES["default"]
    public = media.STORAGES["renditions"]

    assert private["BACKEND"] == public["BACKEND"] == S3_BACKEND
    assert private["OPTIONS"]["bucket_name"] == public["OPTIONS"]["bucket_name"] == "journeys-media"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] <= 600
    assert "custom_domain" not in private["OPTIONS"]  # a CDN would strip the signatures
    assert public["OPTIONS"]["querystring_auth"] is False
    assert public["OPTIONS"]["location"] == "public"
    assert public["OPTIONS"]["custom_domain"] == "media.example.org"
    assert "max-age" in public["OPTIONS"]["object_parameters"]["CacheControl"]
    for options in (private["OPTIONS"], public["OPTIONS"]):
        assert options["file_overwrite"] is False
        assert options["default_acl"] is None
    assert media.WAGTAILDOCS_SERVE_METHOD == "redirect"
    assert media.STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_static_files_go_to_s3_only_when_asked(environment):
    media = environment(AWS_STORAGE_BUCKET_NAME="journeys-media", STATIC_ON_S3="1")

    static = media.STORAGES["staticfiles"]
    assert static["BACKEND"] == "storages.backends.s3.S3ManifestStaticStorage"
    assert static["OPTIONS"]["location"] == "public/static"
    assert static["OPTIONS"]["querystring_auth"] is False


def test_static_on_s3_without_a_bucket_refuses_to_start(environment):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        environment(STATIC_ON_S3="1")


def test_storages_can_be_handed_to_wagtails_file_deletion_task(environment, settings, monkeypatch):
    """Wagtail deletes files in a task that takes the storage's constructor arguments,
    and tasks take JSON only."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    media = environment(AWS_STORAGE_BUCKET_NAME="journeys-media")
    settings.STORAGES = {**media.STORAGES, "staticfiles": settings.STORAGES["staticfiles"]}

    for alias in ("default", "renditions"):
        path, args, kwargs = storages[alias].deconstruct()
        assert path == S3_BACKEND
        normalize_json([path, args, kwargs])  # raises TypeError on anything but JSON


def test_the_s3_storages_give_up_in_seconds_when_the_store_is_down(
    environment, settings, monkeypatch
):
    """Short timeouts and few retries: an upload to a store that is down fails with the
    admin's message instead of holding a worker for minutes."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    media = environment(AWS_STORAGE_BUCKET_NAME="journeys-media")
    settings.STORAGES = {**media.STORAGES, "staticfiles": settings.STORAGES["staticfiles"]}

    for alias in ("default", "renditions"):
        config = storages[alias].client_config
        assert config.connect_timeout <= 5
        assert config.read_timeout <= 20
        assert config.retries["max_attempts"] <= 3
