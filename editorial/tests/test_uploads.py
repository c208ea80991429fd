"""A contributor's hostile upload is refused with a clear message and stores nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.images import get_image_model

from editorial.roles import CONTRIBUTORS

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<html><body><script>alert(1)</script></body></html>"


def upload(name, content):
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


@pytest.mark.parametrize(
    ("name", "content"),
    [("evil.svg", SVG), ("evil.html", HTML), ("evil.jpg", HTML), ("evil.png", SVG)],
)
def test_hostile_files_are_refused_as_images(client, settings, name, content):
    writer = get_user_model().objects.create_user("writer", "w@example.com", "pw")
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    client.force_login(writer)
    files_before = (
        sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        if (settings.MEDIA_ROOT.exists())
        else []
    )
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Evil", "file": upload(name, content)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Not a supported image format" in text or "Not a valid ." in text
    assert not get_image_model().objects.exists()
    files_after = (
        sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        if (settings.MEDIA_ROOT.exists())
        else []
    )
    assert files_after == files_before
