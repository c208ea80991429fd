"""The profile step after confirming: name, bio, avatar and links saved on the writer's
author profile (a draft revision, the avatar in the default storage), then Write."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from blog.models import AuthorPage

from .helpers import PROFILE_URL, WRITE_URL, confirm, confirm_path, sign_up

pytestmark = pytest.mark.django_db

User = get_user_model()


def png(name="me.png", size=(64, 64)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def new_writer(client, mailoutbox, authors):
    """Signed up, confirmed with one click, signed in."""
    sign_up(client, name="Amina Diallo", email="amina@example.com")
    assert confirm(client, confirm_path(mailoutbox[-1]))["Location"] == PROFILE_URL
    return User.objects.get(username="amina@example.com")


def test_the_profile_step_saves_name_bio_avatar_and_links_then_lands_on_write(client, new_writer):
    page = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert page.select_one("h1").text == "Your author profile"
    assert page.select_one("main form")["enctype"] == "multipart/form-data"
    assert page.find("a", string="skip this for now")["href"] == WRITE_URL

    response = client.post(
        PROFILE_URL,
        {
            "name": "Amina  Diallo-Okafor",
            "bio": "Cashier in **Nairobi**, now writing Django.",
            "avatar": png(),
            "link_github": "https://github.com/amina",
            "link_website": "amina.example.org",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == WRITE_URL
    assert client.get(WRITE_URL).status_code == 200

    profile = AuthorPage.objects.get(user=new_writer)
    draft = profile.get_latest_revision_as_object()
    assert draft.title == "Amina Diallo-Okafor"
    assert draft.bio == "Cashier in **Nairobi**, now writing Django."
    assert "<strong>Nairobi</strong>" in draft.bio_html
    assert sorted((link.kind, link.url) for link in draft.links.all()) == [
        ("github", "https://github.com/amina"),
        ("website", "https://amina.example.org"),
    ]
    assert draft.avatar is not None
    assert draft.avatar.uploaded_by_user == new_writer
    assert default_storage.exists(draft.avatar.file.name)
    assert not profile.live, "still a draft until the first piece is published"
    assert profile.latest_revision.user == new_writer

    # Coming back shows what was saved.
    again = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert again.select_one("input[name=name]")["value"] == "Amina Diallo-Okafor"
    assert again.select_one("input[name=link_github]")["value"] == "https://github.com/amina"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("bio", "x" * 2001, "Ensure this value has at most 2000 characters"),
        ("link_github", "javascript:alert(1)", "Enter a valid URL."),
        ("avatar", "not-an-image", "Upload a valid image"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, new_writer, field, value, message):
    profile = AuthorPage.objects.get(user=new_writer)
    revisions = profile.revisions.count()
    data = {"name": "Amina Diallo", "bio": ""}
    if field == "avatar":
        data["avatar"] = SimpleUploadedFile("me.png", b"<svg onload=alert(1)>")
    else:
        data[field] = value
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert profile.revisions.count() == revisions


def test_a_name_with_markup_is_escaped(client, new_writer):
    client.post(PROFILE_URL, {"name": "<script>alert(1)</script>", "bio": ""})
    page = client.get(PROFILE_URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_profile_step_needs_a_signed_in_writer(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
