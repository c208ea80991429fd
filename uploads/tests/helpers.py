"""A real S3 API for the media tests: moto's threaded server on a free loopback port, with a
log of the requests it answers, and the storages pointed at it through the project's own
Media settings (the settings module is run again with the AWS_* variables set)."""

import contextlib
import functools
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
from uploads.bucket_policy import policy_with_public_renditions

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def image_bytes(image_format="PNG", size=(96, 64), colour=(30, 120, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


@functools.cache
def animation(image_format, *, frames, size):
    """An animation as Pillow writes it (GIF, PNG for APNG, WEBP, AVIF): a one-colour canvas
    whose later frames each change one pixel, so each is stored as a small patch and a
    canvas of millions of pixels takes a few kilobytes. Made once per test session."""
    if image_format == "WEBP" and size[0] * size[1] > 1_000_000:
        return webp_animation(frames=frames, size=size)  # Pillow's encoder takes seconds
    mode = {"GIF": "P", "PNG": "1"}.get(image_format, "L")
    first = PILImage.new(mode, size, 0)
    images = [first]
    for n in range(1, frames):
        image = first.copy()
        image.putpixel((n % size[0], n // size[0] % size[1]), 1)
        images.append(image)
    options = {"lossless": True, "method": 0} if image_format == "WEBP" else {}
    if image_format == "AVIF":
        options = {"speed": 10, "quality": 10}
    buffer = io.BytesIO()
    first.save(
        buffer, format=image_format, save_all=True, append_images=images[1:], duration=100,
        **options,
    )  # fmt: skip
    return buffer.getvalue()


def _chunk(name, payload):
    """A RIFF chunk: its name, length and payload, padded to an even length."""
    return name + len(payload).to_bytes(4, "little") + payload + b"\0" * (len(payload) % 2)


def webp_animation(*, frames, size):
    """An animated WebP of a ``size`` canvas whose frames are 1 x 1 patches of lossless data
    Pillow encoded (as Pillow's own encoder stores frames that change one pixel): a few
    hundred bytes, and a whole canvas to composite for each frame when decoded."""
    buffer = io.BytesIO()
    PILImage.new("L", (1, 1), 255).save(buffer, format="WEBP", lossless=True)
    patch = buffer.getvalue()[12:]  # the VP8L chunk of Pillow's simple-format file
    assert patch[:4] == b"VP8L"

    def u24(value):
        return value.to_bytes(3, "little")

    canvas = b"\x02\0\0\0" + u24(size[0] - 1) + u24(size[1] - 1)  # flags: animation
    body = _chunk(b"VP8X", canvas) + _chunk(b"ANIM", b"\0\0\0\0\0\0")
    for _ in range(frames):
        # x/2, y/2, width - 1, height - 1, duration (ms), then no blending.
        header = u24(0) + u24(0) + u24(0) + u24(0) + u24(100) + b"\x02"
        body += _chunk(b"ANMF", header + patch)
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WEBP" + body


def _gif_blocks(data):
    """A GIF's header (signature, screen descriptor, colour table) and its blocks
    (extensions and images, each with its data sub-blocks), without the trailer."""
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    header, blocks = data[:position], []
    while data[position] != 0x3B:
        start = position
        if data[position] == 0x21:  # extension: introducer, label, then sub-blocks
            position += 2
        else:  # image: descriptor, local colour table, LZW code size, then sub-blocks
            local = data[position + 9]
            position += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
        while data[position]:
            position += data[position] + 1
        blocks.append(data[start : position + 1])
        position += 1
    return header, blocks


@functools.cache
def long_gif(*, frames, size):
    """A GIF of ``frames`` full frames of ``size``, as the issue's 3.9 MB bomb (200 x 5000 x
    5000): Pillow writes two frames of different colours, then the second frame's blocks
    (its timing and its compressed pixels) are repeated, which is what an encoder would
    write for frames that alternate between the two colours."""
    first, second = PILImage.new("P", size, 0), PILImage.new("P", size, 1)
    for image in (first, second):
        image.putpalette([0, 0, 0, 255, 255, 255])  # two colours, so two frames
    buffer = io.BytesIO()
    first.save(buffer, format="GIF", save_all=True, append_images=[second], duration=100)
    header, blocks = _gif_blocks(buffer.getvalue())
    starts = [i for i, block in enumerate(blocks) if block[0] == 0x2C]
    first_frame, later_frame = blocks[: starts[0] + 1], blocks[starts[0] + 1 :]
    return b"".join([header, *first_frame, *later_frame * (frames - 1), b";"])


def gif_of_tiny_sub_blocks(total_bytes):
    """A 1 x 1 GIF whose one frame's data is cut into 1-byte sub-blocks up to
    ``total_bytes``: as many block lengths to read as a file that size can hold."""
    head = b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02"
    count = (total_bytes - len(head) - 2) // 2
    return head + b"\x01\x00" * count + b"\x00;"


def upload(name, content):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def public_policy(bucket, prefix="public/"):
    """The release step's bucket policy: anyone may read what is under public/, nothing else."""
    return json.dumps(policy_with_public_renditions(None, bucket, prefix))


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
