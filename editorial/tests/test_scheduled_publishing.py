"""A story scheduled for later goes live when the periodic command runs after that time,
and not before."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import JourneyStoryPage
from blog.tests import factories as f

pytestmark = pytest.mark.django_db


def schedule(page, when):
    page.go_live_at = when
    page.save_revision().publish()  # with a future go_live_at this schedules
    page.refresh_from_db()


def test_scheduled_story_goes_live_only_after_its_time(client, monkeypatch):
    page = f.story(title="Tomorrow's story", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    schedule(page, go_live)
    assert not page.live
    assert page.scheduled_revision is not None

    call_command("publish_scheduled")
    assert not JourneyStoryPage.objects.get(pk=page.pk).live
    assert "Tomorrow" not in client.get("/journeys/").content.decode()

    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
    assert "Tomorrow" in client.get("/journeys/").content.decode()


def test_past_expiry_unpublishes_when_the_command_runs(monkeypatch):
    page = f.story()
    page.expire_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired
