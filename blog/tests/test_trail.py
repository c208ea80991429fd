"""blog/trail.py: routing in one query keeps Wagtail's answers (404s, view restrictions,
drafts) and the menu and breadcrumbs keep readers' rule."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from . import factories as f

pytestmark = pytest.mark.django_db


def restrict(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x")


def test_a_story_is_served_with_its_trail(client):
    story = f.story(title="On the trail")
    response = client.get(story.url)
    assert response.status_code == 200
    assert response.context["page"].route_trail.way[-1].pk == story.pk
    assert '"name":"Journeys"' in response.content.decode()  # breadcrumbs from the trail


def test_unknown_paths_and_drafts_are_404(client):
    draft = f.story(live=False)
    assert client.get(draft.url_path.removeprefix("/home")).status_code == 404
    assert client.get("/journeys/no-such-story/").status_code == 404
    assert client.get("/no-such-index/").status_code == 404


def test_a_restriction_on_an_ancestor_still_asks_for_the_password(client):
    story = f.story()
    restrict(f.story_index())
    response = client.get(story.url)
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert "no-cache" in response["Cache-Control"]
    assert story.summary not in response.content.decode()


def test_a_restricted_page_sends_readers_to_sign_in(client):
    story = f.story()
    restrict(story, PageViewRestriction.LOGIN)
    assert client.get(story.url).status_code == 302


def test_the_menu_leaves_out_private_and_expired_indexes(client):
    story = f.story()
    f.tutorial()
    f.author()
    restrict(f.tutorial_index())
    index = f.author_index()
    index.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    index.save(update_fields=["expire_at"])
    menu = client.get(story.url).content.decode().split('aria-label="Main"')[1][:600]
    assert "/journeys/" in menu
    assert "/tutorials/" not in menu and "/authors/" not in menu


def test_an_unpublished_index_still_serves_its_live_pages(client):
    story = f.story()
    f.story_index().unpublish()
    assert client.get(story.url).status_code == 200


def test_a_page_that_routes_on_its_own_gets_the_rest_of_the_path(client, monkeypatch):
    """A page type with its own ``route`` (a RoutablePage, say) is handed the rest of the
    address, as Wagtail's routing would hand it."""
    from wagtail.url_routing import RouteResult

    from blog.models import StoryIndexPage

    story = f.story(title="Reached by the index's own routing")
    handed = []

    def route(self, request, path_components):
        handed.append(list(path_components))
        return RouteResult(story.specific)

    monkeypatch.setattr(StoryIndexPage, "route", route)
    response = client.get("/journeys/archive/2024/")
    assert handed == [["archive", "2024"]]
    assert response.status_code == 200
    assert "Reached by the index&#x27;s own routing" in response.content.decode()


def test_stored_url_paths_out_of_step_with_the_slugs_fall_back_to_wagtail(client):
    from wagtail.models import Page

    story = f.story(title="Stale path")
    url = story.url
    Page.objects.filter(pk=story.pk).update(url_path="/home/somewhere-else/")
    response = client.get(url)
    assert response.status_code == 200
    assert "Stale path" in response.content.decode()
