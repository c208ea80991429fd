"""export_stories reads cover images through the image's storage, so it works when media
are on S3 (a moto server here) and no file is on the local disk."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.tests import factories as f
from uploads.tests.helpers import S3, S3Server

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3(settings, monkeypatch):
    server = S3Server().start()
    store = S3(server=server, settings=settings, monkeypatch=monkeypatch)
    store.configure()
    yield store
    server.stop()


def test_cover_images_are_copied_out_of_the_bucket(s3, settings, tmp_path):
    story = f.story(title="Stored on S3", cover_image=f.image(colour=(9, 99, 199)))
    key = story.cover_image.file.name
    assert key in s3.list_keys()
    assert not (Path(settings.MEDIA_ROOT) / key).exists()

    call_command("export_stories", str(tmp_path / "out"), stdout=io.StringIO())
    copied = tmp_path / "out" / "images" / key.rsplit("/", 1)[-1]
    stored = s3.client.get_object(Bucket=s3.bucket, Key=key)["Body"].read()
    assert copied.read_bytes() == stored
    assert f"cover_image: images/{copied.name}" in (
        tmp_path / "out" / f"{story.slug}.md"
    ).read_text(encoding="utf-8")
