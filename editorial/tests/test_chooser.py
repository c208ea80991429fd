"""The page chooser (links, bylines) for contributors: it browses and searches, and shows
their own drafts and what readers can see, never other people's drafts or draft changes.

Wagtail's chooser search filters through the search backend, which can only filter on
indexed fields; these tests search on the database backend the tests run on, and check the
query OpenSearch would be sent with the same compiler ``search/tests`` uses."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from blog.models import AuthorPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS
from search.tests.test_features import OPENSEARCH
from search.tests.test_opensearch_filters import admitted

pytestmark = pytest.mark.django_db

SEARCH = reverse("wagtailadmin_choose_page_search")


def person(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def pieces():
    """A's own draft, B's draft, B's live story with a draft change of title, a live story,
    and a profile for each writer (B's never published)."""
    a, b = person("writer_a", CONTRIBUTORS), person("writer_b", CONTRIBUTORS)
    profile_a = f.author(name="Lantern Amina", user=a, owner=a)
    profile_b = f.author(name="Lantern Bongani", user=b, owner=b, live=False)
    changed = f.story(title="Lantern published by B", authors=[profile_a], owner=b)
    changed.title = "Lantern secret new title"
    changed.save_revision(user=b)
    return {
        "a": a,
        "b": b,
        "editor": person("editor", EDITORS),
        "own_draft": f.story(title="Lantern my own draft", owner=a, live=False),
        "others_draft": f.story(title="Lantern draft by B", owner=b, live=False),
        "changed": changed,
        "live": f.story(title="Lantern for everyone", owner=b),
        "profile_a": profile_a,
        "profile_b": profile_b,
    }


PAGES = ["own_draft", "others_draft", "changed", "live", "profile_a", "profile_b"]
SHOWN_TO_A = ["Lantern my own draft", "Lantern for everyone", "Lantern Amina"]
HIDDEN_FROM_A = ["Lantern draft by B", "Lantern secret new title", "Lantern published by B"]


def search(client, user, q="Lantern", **params):
    client.force_login(user)
    return client.get(SEARCH, {"q": q, **params})


def test_a_contributors_chooser_search_answers_with_their_drafts_and_live_pages(client, pieces):
    response = search(client, pieces["a"])
    assert response.status_code == 200
    html = response.content.decode()
    for title in SHOWN_TO_A:
        assert title in html, title
    for title in HIDDEN_FROM_A + ["Lantern Bongani"]:
        assert title not in html, title


def test_the_byline_author_chooser_searches_profiles_for_contributors(client, pieces):
    response = search(client, pieces["a"], page_type="blog.authorpage")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lantern Amina" in html
    assert "Lantern Bongani" not in html  # B's profile is an unpublished draft
    assert "Lantern for everyone" not in html  # a story is not an author


def test_browsing_hides_other_peoples_drafts_and_draft_changes(client, pieces):
    client.force_login(pieces["a"])
    index = pieces["own_draft"].get_parent()
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["Lantern my own draft", "Lantern for everyone"]:
        assert title in html, title
    for title in HIDDEN_FROM_A:
        assert title not in html, title


def test_editors_choose_from_every_page(client, pieces):
    response = search(client, pieces["editor"])
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["Lantern my own draft", "Lantern draft by B", "Lantern Bongani"]:
        assert title in html, title


def chooser_queryset(user):
    """The chooser search's queryset after every ``construct_page_chooser_queryset`` hook,
    as ``wagtail.admin.views.chooser.SearchView`` builds it."""
    request = RequestFactory().get(SEARCH)
    request.user = user
    pages = Page.objects.all()
    for hook in hooks.get_hooks("construct_page_chooser_queryset"):
        pages = hook(pages, request)
    return pages.exclude(depth=1).specific()


def test_on_opensearch_the_chooser_query_hides_other_peoples_drafts(settings, pieces):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH  # after the pages are indexed
    pages = chooser_queryset(pieces["a"])
    shown = admitted(pages.autocomplete("Lantern").query_compiler.get_query())
    assert {pieces[name].pk for name in ("own_draft", "live", "profile_a")} <= shown
    assert not {pieces[name].pk for name in ("others_draft", "changed", "profile_b")} & shown
    # The byline chooser: author profiles only.
    authors = pages.type(AuthorPage).autocomplete("Lantern").query_compiler.get_query()
    every_piece = {pieces[name].pk for name in PAGES}
    assert admitted(authors) & every_piece == {pieces["profile_a"].pk}
