"""Writing through the API: a bearer token, the admin's permissions, our editorial rules.
Refused writes must change nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import APIToken, Page, Site

from api.urls import api as content_api
from blog.models import JourneyStoryPage
from blog.tests import factories as f

from .conftest import Api, body, snapshot

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}


def write_operations():
    """Every write the API's own OpenAPI schema documents, Wagtail's and ours."""
    paths = content_api.get_openapi_schema()["paths"]
    return sorted(
        (method.upper(), path.removeprefix("/api/v3"))
        for path, operations in paths.items()
        for method in operations
        if method in WRITE_METHODS
    )


def fill(path, page):
    return re.sub(r"\{type\}", "blog.TutorialSeries", re.sub(r"\{\w+\}", str(page.pk), path))


def publishing(payload):
    return {**payload, "meta": {**payload["meta"], "action": "publish"}}


def story_payload(parent, **fields):
    return {
        "meta": {"type": "blog.JourneyStoryPage", "parent_id": parent.pk},
        "title": "Written through the API",
        "summary": "A summary.",
        "body": "## Start\n\nSome *Markdown*.",
        "starting_point": "bookkeeper",
        "country": "KE",
        "tags": ["api", "django"],
        "milestones": [{"year": 2020, "text": "First loop"}],
        **fields,
    }


@pytest.fixture
def session_superuser(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-12345678")
    client.force_login(user)
    return user


def test_the_schema_documents_the_writes_this_test_refuses():
    operations = write_operations()
    assert ("POST", "/pages/") in operations
    assert ("PATCH", "/pages/{page_id}/") in operations
    assert ("POST", "/pages/{page_id}/actions/publish/") in operations
    assert len(operations) > 20


@pytest.mark.parametrize("credentials", ["none", "session", "bogus_token", "revoked_token"])
def test_every_write_without_a_valid_token_is_refused_and_changes_nothing(
    client, session_superuser, credentials
):
    page = f.story(title="Untouched")
    token = None
    if credentials == "bogus_token":
        token = "wagtail_not-a-real-token"
    elif credentials == "revoked_token":
        instance, token = APIToken.create_token(user=session_superuser, name="Old")
        instance.revoke()
    if credentials != "session":
        client.logout()  # a logged-in admin session must not count either way
    api = Api(client, token)
    before = snapshot()
    for method, path in write_operations():
        response = api.request(method, fill(path, page), story_payload(page.get_parent()))
        assert response.status_code == 401, (method, path, response.status_code)
        assert body(response)["title"] == "Unauthorized"
    assert snapshot() == before


def test_a_contributor_writes_a_draft_that_readers_do_not_see(api, api_as, people):
    index = f.story_index()
    response = api_as("contributor").post("/pages/", story_payload(index))
    assert response.status_code == 201, response.content
    created = JourneyStoryPage.objects.get(pk=body(response)["id"])
    assert (created.live, created.owner, created.title) == (
        False,
        people.contributor,
        "Written through the API",
    )
    assert created.body_html == '<h2 id="start">Start</h2>\n<p>Some <em>Markdown</em>.</p>'
    assert created.country.code == "KE"
    assert [m.text for m in created.milestones.all()] == ["First loop"]
    assert sorted(created.tags.names()) == ["api", "django"]
    assert api.get(f"/stories/{created.pk}/").status_code == 404
    assert api.get(f"/pages/{created.pk}/").status_code == 404
    assert api_as("contributor").get(f"/pages/{created.pk}/").status_code == 200


def test_a_contributor_cannot_publish_in_any_way(api_as, people):
    contributor = api_as("contributor")
    index = f.story_index()
    own_draft = f.story(title="Own draft", live=False, owner=people.contributor)
    before = snapshot()
    refused = [
        contributor.post("/pages/", publishing(story_payload(index))),
        contributor.patch(f"/pages/{own_draft.pk}/", publishing({"title": "Live?", "meta": {}})),
        contributor.post(f"/pages/{own_draft.pk}/actions/publish/"),
    ]  # fmt: skip
    for response in refused:
        assert response.status_code == 403, response.content
        assert body(response)["detail"]
    assert snapshot() == before
    assert not Page.objects.get(pk=own_draft.pk).live


def test_a_contributor_creates_only_stories_and_tutorials(api_as):
    contributor = api_as("contributor")
    author_page = {
        "meta": {"type": "blog.AuthorPage", "parent_id": f.author_index().pk},
        "title": "Me",
    }
    before = snapshot()
    response = contributor.post("/pages/", author_page)
    assert response.status_code == 403
    assert body(response)["detail"] == (
        "Only editors can create a author profile. You can write journey stories and tutorials."
    )
    assert snapshot() == before
    tutorial = {
        "meta": {"type": "blog.TutorialPage", "parent_id": f.tutorial_index().pk},
        "title": "A tutorial", "summary": "s", "body": "b", "estimated_minutes": 20,
    }  # fmt: skip
    assert contributor.post("/pages/", tutorial).status_code == 201


def test_a_contributor_cannot_touch_someone_elses_pages(api_as, people):
    contributor = api_as("contributor")
    theirs_draft = f.story(title="Their draft", live=False, owner=people.other_contributor)
    theirs_live = f.story(title="Their story", owner=people.other_contributor)
    index = f.story_index()
    before = snapshot()
    for page in (theirs_draft, theirs_live):
        for method, path, payload in [
            ("PATCH", f"/pages/{page.pk}/", {"title": "Changed"}),
            ("DELETE", f"/pages/{page.pk}/", None),
            ("DELETE", f"/pages/{page.pk}/actions/delete/", None),
            ("POST", f"/pages/{page.pk}/actions/copy/", {}),
            ("POST", f"/pages/{page.pk}/actions/create_alias/", {}),
            ("POST", f"/pages/{page.pk}/actions/move/", {"destination_id": index.pk}),
            ("POST", f"/pages/{page.pk}/actions/unpublish/", {}),
            ("POST", f"/pages/{page.pk}/actions/revert/",
             {"revision_id": page.latest_revision_id}),
        ]:  # fmt: skip
            response = contributor.request(method, path, payload)
            assert response.status_code in (403, 404), (method, path, response.content)
            assert body(response)["detail"]
    assert snapshot() == before


def test_a_contributor_token_changes_no_site_redirect_or_library(api_as, people):
    contributor = api_as("contributor")
    own_live = f.story(title="Own live story", owner=people.contributor)
    site = Site.objects.get(is_default_site=True)
    before = snapshot()
    for method, path, payload in [
        ("POST", "/sites/", {"hostname": "evil.example", "root_page_id": own_live.pk}),
        ("PUT", f"/sites/{site.pk}/", {"hostname": "evil.example", "root_page_id": own_live.pk}),
        ("DELETE", f"/sites/{site.pk}/", None),
        ("POST", "/redirects/", {"old_path": "/journeys/", "redirect_link": "https://evil.example"}),
        ("POST", f"/pages/{own_live.pk}/actions/unpublish/", {}),
        ("DELETE", f"/pages/{own_live.pk}/", None),
    ]:  # fmt: skip
        response = contributor.request(method, path, payload)
        assert response.status_code == 403, (method, path, response.content)
        assert body(response)["detail"]
    assert snapshot() == before
    assert Page.objects.get(pk=own_live.pk).live


def test_a_contributor_edits_their_own_draft(api_as, people):
    own_draft = f.story(title="Own draft", live=False, owner=people.contributor)
    response = api_as("contributor").patch(f"/pages/{own_draft.pk}/", {"summary": "Better."})
    assert response.status_code == 200, response.content
    assert (
        JourneyStoryPage.objects.get(pk=own_draft.pk).get_latest_revision_as_object().summary
        == "Better."
    )


def test_an_editor_publishes_and_readers_then_see_it(api, api_as, people):
    draft = f.story(title="Ready for readers", live=False, owner=people.contributor)
    assert api.get(f"/stories/{draft.pk}/").status_code == 404
    response = api_as("editor").post(f"/pages/{draft.pk}/actions/publish/")
    assert response.status_code == 200, response.content
    assert body(api.get(f"/stories/{draft.pk}/"))["title"] == "Ready for readers"
    index = f.story_index()
    payload = publishing(story_payload(index))
    created = api_as("editor").post("/pages/", payload)
    assert created.status_code == 201, created.content
    assert api.get(f"/stories/{body(created)['id']}/").status_code == 200
