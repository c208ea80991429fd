"""The admin shows editors how many follow by email, never an address; contributors see
nothing of it."""

import pytest
from django.utils import timezone

from editorial.tests.test_notifications import team  # noqa: F401 (the editorial team fixture)
from follow.models import Follower, Subscription

pytestmark = pytest.mark.django_db


def followers():
    now = timezone.now()
    for address, confirmed in [("a.reader@example.com", now), ("b.reader@example.com", None)]:
        Subscription.objects.create(
            follower=Follower.objects.create(email=address), scope="all", target_key="all",
            confirmed_at=confirmed,
        )  # fmt: skip


def test_editors_see_counts_only(client, team):  # noqa: F811
    followers()
    client.force_login(team["editor1"])
    html = client.get("/admin/").content.decode()
    assert "Following by email" in html
    assert 'data-followers="1"' in html and "1</strong> confirmed address follows" in html
    assert "Everything: <strong>1</strong> subscription" in html
    assert "reader@example.com" not in html


def test_contributors_see_nothing_of_followers(client, team):  # noqa: F811
    followers()
    client.force_login(team["writer"])
    html = client.get("/admin/").content.decode()
    assert "Following by email" not in html
    assert "reader@example.com" not in html


def test_no_follow_model_is_a_snippet_or_in_the_admin(client, team):  # noqa: F811
    from wagtail.snippets.models import get_snippet_models

    assert not [model for model in get_snippet_models() if model._meta.app_label == "follow"]
    client.force_login(team["superuser"])
    followers()
    response = client.get("/admin/snippets/")
    assert response.status_code == 200
    assert "Follower" not in response.content.decode()
