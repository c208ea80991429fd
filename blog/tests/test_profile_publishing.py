"""A writer's draft author profile goes live with their first published piece, however it
is published, so no published piece has an unlinked byline by a writer with a profile."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from blog.tests import factories as f

pytestmark = pytest.mark.django_db

User = get_user_model()


def byline_links(client, piece):
    page = BeautifulSoup(client.get(piece.url).content, "html.parser")
    return [a["href"] for a in page.select(".byline a[href^='/authors/']")]


def draft_profile(name="Amina Diallo"):
    user = User.objects.create_user(name.split()[0].lower(), "a@example.com", "pw")
    return f.author(name=name, live=False, user=user, slug="amina-diallo")


def test_the_first_published_piece_publishes_its_writers_profile(client):
    profile = draft_profile()
    piece = f.story(title="From the till to Django", authors=[profile], live=False)
    assert client.get("/authors/amina-diallo/").status_code == 404

    piece.save_revision().publish()

    profile.refresh_from_db()
    assert profile.live and profile.first_published_at is not None
    assert client.get("/authors/amina-diallo/").status_code == 200
    assert "Amina Diallo" in client.get("/authors/").content.decode()
    piece.refresh_from_db()
    assert byline_links(client, piece) == ["/authors/amina-diallo/"]


def test_a_scheduled_piece_publishes_the_profile_when_it_goes_live(client, monkeypatch):
    profile = draft_profile()
    piece = f.story(authors=[profile], live=False)
    go_live = timezone.now() + datetime.timedelta(minutes=5)
    piece.go_live_at = go_live
    piece.save_revision().publish()  # with a future go_live_at this schedules
    profile.refresh_from_db()
    assert not profile.live, "nothing is public before the piece is"

    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    profile.refresh_from_db()
    piece.refresh_from_db()
    assert piece.live and profile.live
    assert byline_links(client, piece) == ["/authors/amina-diallo/"]


def test_a_profile_an_editor_unpublished_stays_unpublished(client):
    profile = draft_profile()
    f.story(authors=[profile])  # published: the profile went live
    profile.refresh_from_db()
    assert profile.live
    profile.unpublish()
    f.story(authors=[profile])
    profile.refresh_from_db()
    assert not profile.live, "the editor's decision stands"


def test_publishing_the_profile_publishes_its_latest_draft(client):
    profile = draft_profile()
    profile.bio = "Saved at the profile step."
    profile.save_revision()
    f.story(authors=[profile])
    profile.refresh_from_db()
    assert profile.bio == "Saved at the profile step."


def test_a_guest_author_without_an_account_stays_as_the_editor_left_it(client):
    guest = f.author(name="Guest Writer", live=False, slug="guest-writer")
    f.story(authors=[guest])
    guest.refresh_from_db()
    assert not guest.live
