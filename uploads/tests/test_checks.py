"""``manage.py check`` says clearly when the media bucket is misconfigured or unreachable,
and stays silent (and offline) when media is local."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from uploads.checks import check_media_buckets

from .helpers import S3, S3Server


def ids(errors):
    return [error.id for error in errors]


def test_local_media_is_not_checked(s3_server):
    before = len(s3_server.requests)
    assert check_media_buckets() == []
    assert len(s3_server.requests) == before


def test_a_reachable_bucket_passes(s3):
    assert check_media_buckets() == []
    call_command("check", "--tag", "storage")  # raises on any error


def test_an_unreachable_endpoint_is_an_error_saying_what_to_fix(settings, monkeypatch):
    server = S3Server().start()
    S3(server=server, settings=settings, monkeypatch=monkeypatch).configure()
    server.stop()

    errors = check_media_buckets()

    assert ids(errors) == ["uploads.E001"]  # both storages share the bucket: asked once
    [error] = errors
    assert error.is_serious()
    assert "cannot be reached" in error.msg
    assert server.endpoint in error.msg
    assert "AWS_S3_ENDPOINT_URL" in error.hint
    with pytest.raises(SystemCheckError, match="cannot be reached"):
        call_command("check")


def test_refused_credentials_are_an_error_saying_what_to_fix(settings, monkeypatch):
    server = S3Server().start()
    try:
        S3(server=server, settings=settings, monkeypatch=monkeypatch).configure()
        with server.refusing_credentials():
            errors = check_media_buckets()
            with pytest.raises(SystemCheckError, match="refuses these credentials"):
                call_command("check")
    finally:
        server.stop()

    assert ids(errors) == ["uploads.E003"]
    [error] = errors
    assert "refuses these credentials (403)" in error.msg
    assert "AWS_ACCESS_KEY_ID" in error.hint


def test_a_missing_bucket_is_an_error(s3):
    s3.configure(create_buckets=False, AWS_STORAGE_BUCKET_NAME="bj-no-such-bucket")

    [error] = check_media_buckets()

    assert error.id == "uploads.E002"
    assert "'bj-no-such-bucket'" in error.msg
    assert "does not exist" in error.msg
    assert "AWS_STORAGE_BUCKET_NAME" in error.hint


def test_each_bucket_is_checked(s3):
    s3.configure(AWS_S3_PUBLIC_BUCKET_NAME="bj-public-gone")
    s3.client.delete_bucket_policy(Bucket="bj-public-gone")
    s3.client.delete_bucket(Bucket="bj-public-gone")

    [error] = check_media_buckets()

    assert error.id == "uploads.E002"
    assert "'bj-public-gone' (image renditions)" in error.msg


def test_a_url_given_as_the_cdn_domain_is_an_error(s3):
    s3.configure(AWS_S3_CUSTOM_DOMAIN="https://media.cdn.example/")

    [error] = check_media_buckets()

    assert error.id == "uploads.E006"
    assert "AWS_S3_CUSTOM_DOMAIN=media.cdn.example" in error.hint


def test_an_endpoint_without_a_scheme_is_an_error(s3):
    s3.configure(AWS_S3_ENDPOINT_URL="minio.internal:9000")

    errors = check_media_buckets()

    assert set(ids(errors)) == {"uploads.E005"}
    assert "https://" in errors[0].hint
