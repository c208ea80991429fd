"""A real S3 API for the media tests: moto's threaded server on a free loopback port, with a
log of the requests it answers, and the storages pointed at it through the project's own
Media settings (the settings module is run again with the AWS_* variables set)."""

import contextlib
import importlib.util
import io
import json
import uuid
from dataclasses import dataclass, field
from unittest import mock

import boto3
import requests
from moto.moto_server import threaded_moto_server
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage

import config.settings.base

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def image_bytes(image_format="PNG", size=(96, 64), colour=(30, 120, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name, content):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def public_policy(bucket, prefix="public/"):
    """The README's bucket policy: anyone may read what is under public/, nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicRenditions",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
                }
            ],
        }
    )


def media_settings():
    """Run the project's settings module again, as a fresh module, with the environment as it
    is now: what the Media section makes of the AWS_* variables."""
    spec = importlib.util.spec_from_file_location(
        "config.settings._media_under_test", config.settings.base.__file__
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RequestLog:
    """WSGI wrapper keeping what reaches the S3 endpoint, e.g. ("GET", "/bucket/key")."""

    def __init__(self, app):
        self.app = app
        self.requests = []

    def __call__(self, environ, start_response):
        self.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")))
        return self.app(environ, start_response)


class S3Server:
    """moto's ThreadedMotoServer on 127.0.0.1, port chosen by the system, its requests
    logged in ``requests``."""

    def __init__(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.log = None
        self.endpoint = None

    def start(self):
        make_server = threaded_moto_server.make_server

        def recording_make_server(host, port, app, *args, **kwargs):
            self.log = RequestLog(app)
            return make_server(host, port, self.log, *args, **kwargs)

        with mock.patch.object(threaded_moto_server, "make_server", recording_make_server):
            self.server.start()
        assert self.log is not None, "moto's server no longer calls make_server: update this"
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self):
        self.server.stop()  # closes the listening socket: connections are then refused

    @contextlib.contextmanager
    def refusing_credentials(self):
        """The store checks credentials from now on, as AWS does, and knows none: every
        request answers 403 InvalidAccessKeyId. moto keeps this switch for the whole
        process, so it is switched back on the way out."""
        self._require_auth_after("0")
        try:
            yield
        finally:
            self._require_auth_after("inf")

    def _require_auth_after(self, count):
        response = requests.post(
            f"{self.endpoint}/moto-api/reset-auth",
            data=count,
            headers={"Content-Type": "text/plain"},
            timeout=5,
        )
        response.raise_for_status()

    @property
    def requests(self):
        return self.log.requests


@dataclass
class S3:
    """The media storages on a moto server: a private bucket, and a public one if asked
    (else the public/ prefix of the same bucket)."""

    server: S3Server
    settings: object
    monkeypatch: object
    bucket: str = field(default_factory=lambda: f"bj-media-{uuid.uuid4().hex[:12]}")
    public_bucket: str = ""

    @property
    def endpoint(self):
        return self.server.endpoint

    @property
    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION)

    def configure(self, *, create_buckets=True, **env):
        """Set the AWS_* variables (and ``env``), make the bucket(s) with the public policy,
        and point the storages at them through the Media settings."""
        variables = {
            **CREDENTIALS,
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            **env,
        }
        for name in ("AWS_S3_CUSTOM_DOMAIN", "AWS_S3_PUBLIC_BUCKET_NAME", "STATIC_ON_S3"):
            self.monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            self.monkeypatch.setenv(name, value)
        self.bucket = variables["AWS_STORAGE_BUCKET_NAME"]
        self.public_bucket = variables.get("AWS_S3_PUBLIC_BUCKET_NAME", self.bucket)
        if create_buckets:
            for bucket in {self.bucket, self.public_bucket}:
                self.create_bucket(bucket)
            self.client.put_bucket_policy(
                Bucket=self.public_bucket, Policy=public_policy(self.public_bucket)
            )
        media = media_settings()
        self.settings.STORAGES = {
            **media.STORAGES,
            "staticfiles": self.settings.STORAGES["staticfiles"],
        }
        self.settings.WAGTAILIMAGES_RENDITION_STORAGE = media.WAGTAILIMAGES_RENDITION_STORAGE
        self.settings.WAGTAILDOCS_SERVE_METHOD = media.WAGTAILDOCS_SERVE_METHOD
        self.settings.AWS_STORAGE_BUCKET_NAME = media.AWS_STORAGE_BUCKET_NAME
        return media

    def create_bucket(self, bucket):
        with contextlib.suppress(self.client.exceptions.BucketAlreadyOwnedByYou):
            self.client.create_bucket(Bucket=bucket)

    def list_keys(self, bucket=None, prefix=""):
        response = self.client.list_objects_v2(Bucket=bucket or self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in response.get("Contents", []))

    def head(self, key, bucket=None):
        return self.client.head_object(Bucket=bucket or self.bucket, Key=key)
