"""Wagtail's own endpoints on the same API keep the content API's promises."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published

from blog.models import AuthorPage, JourneyStoryPage
from blog.tests import factories as f

from .conftest import API, HIDDEN_KINDS, body, snapshot
from .test_actions import fill, publishing, story_payload, write_operations

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in body(response)["items"]}


def test_readers_list_on_pages_only_what_they_may_see(api, world):
    visible = {world.story.pk, world.other_story.pk}
    for query in ["/pages/?type=blog.JourneyStoryPage&limit=50",
                  "/pages/?type=blog.JourneyStoryPage&search=hidden",
                  "/pages/?type=blog.JourneyStoryPage&tags=django",
                  f"/pages/?child_of={world.story.get_parent().pk}&limit=50"]:  # fmt: skip
        found = ids(api.get(query))
        assert not found & {page.pk for page in world.hidden.values()}, query
    assert ids(api.get("/pages/?type=blog.JourneyStoryPage&limit=50")) == visible
    everything = ids(api.get("/pages/?limit=50"))
    assert not everything & {page.pk for page in world.hidden.values()}
    assert world.dee.pk not in everything
    assert {world.ann.pk, world.tutorial.pk, world.story.pk} <= everything


@pytest.mark.parametrize("kind", [*HIDDEN_KINDS, "draft_tutorial"])
def test_readers_get_404_on_pages_for_what_they_may_not_see(api, world, kind):
    hidden = world.hidden[kind]
    for path in [f"/pages/{hidden.pk}/", f"/pages/{hidden.pk}/?version=draft",
                 f"/pages/find/?id={hidden.pk}"]:  # fmt: skip
        response = api.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"


def test_finding_an_expired_page_by_its_path_answers_404(api, world):
    expired = world.hidden["expired"]
    response = api.get(f"/pages/find/?html_path={expired.url_path.removeprefix('/home')}")
    assert response.status_code == 404
    visible = api.get("/pages/find/?html_path=/journeys/till-to-django/")
    assert visible.status_code == 302
    assert visible["Location"].startswith(f"/api/v3/pages/{world.story.pk}/")


def test_page_detail_reads_the_models_api_fields(api, world):
    story = body(api.get(f"/pages/{world.story.pk}/"))
    assert story["meta"]["type"] == "blog.JourneyStoryPage"
    assert story["summary"] == world.story.summary
    assert story["body_html"] == world.story.body_html
    assert story["country"] == "KE"
    assert set(story["tags"]) == {"Career Change", "django"}
    assert [m["year"] for m in story["milestones"]] == [2019, 2021]
    assert story["cover_image"]["id"] == world.story.cover_image_id
    assert "user" not in body(api.get(f"/pages/{world.ann.pk}/"))
    tutorial = body(api.get(f"/pages/{world.tutorial.pk}/"))
    assert tutorial["series"]["id"] == world.series.pk
    assert tutorial["difficulty"] == "beginner"


PAGE_META = {"type", "detail_url", "html_url", "locale", "slug", "first_published_at",
             "show_in_menus", "seo_title", "search_description", "alias_of", "parent"}  # fmt: skip
ARTICLE_FIELDS = {"meta", "id", "title", "summary", "body", "body_html", "reading_minutes",
                  "cover_image", "tags", "original_published_at", "canonical_url"}  # fmt: skip


def test_page_detail_shows_readers_nothing_but_the_api_fields(api, world):
    """No owner, linked account, revision, lock, schedule or workflow data: only what each
    model lists in ``api_fields``, with Wagtail's public meta."""
    story = body(api.get(f"/pages/{world.story.pk}/"))
    assert set(story) == ARTICLE_FIELDS | {
        "starting_point", "country", "city", "journey_started_year", "milestones"
    }  # fmt: skip
    assert set(story["meta"]) == PAGE_META
    tutorial = body(api.get(f"/pages/{world.tutorial.pk}/"))
    assert set(tutorial) == ARTICLE_FIELDS | {
        "difficulty", "estimated_minutes", "prerequisites", "series", "series_position"
    }  # fmt: skip
    author = body(api.get(f"/pages/{world.ann.pk}/"))
    assert set(author) == {"meta", "id", "title", "bio", "bio_html", "location", "avatar", "links"}
    for page in (story, tutorial, author):
        text = json.dumps(page)
        for secret in ("owner", "user", "revision", "locked", "expire_at", "go_live_at",
                       "has_unpublished_changes", "workflow", "a-long-password"):  # fmt: skip
            assert f'"{secret}' not in text, secret
    listing = body(api.get("/pages/?limit=50"))["items"]
    assert all(set(item) == {"meta", "id", "title"} for item in listing)


def test_the_pages_listing_costs_the_same_with_few_or_many_pages(
    api, world, django_assert_max_num_queries
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/pages/?limit=50").status_code == 200
            assert api.get("/pages/?type=blog.JourneyStoryPage&limit=50").status_code == 200
        return len(captured)

    queries()  # caches warm (the site, content types), as on a running server
    few = queries()
    listed = body(api.get("/pages/?limit=50"))["count"]
    for n in range(20):
        f.story(title=f"More {n}", authors=[world.ann], tags=["django"])
    assert body(api.get("/pages/?limit=50"))["count"] == listed + 20
    assert queries() == few
    with django_assert_max_num_queries(few):
        queries()


def test_image_and_document_libraries_need_a_token(api, api_as, world):
    image = world.story.cover_image
    document = get_document_model().objects.create(title="Draft notes")
    for path in ["/images/", f"/images/{image.pk}/", "/documents/", f"/documents/{document.pk}/"]:
        response = api.get(path)
        assert response.status_code == 401, path
        assert body(response)["detail"] == "Authentication required"
    editor = api_as("editor")
    assert editor.get(f"/images/{image.pk}/").status_code == 200
    assert editor.get("/documents/").status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/pages/?offset=100000000000000000000000", 400, "offset cannot be higher than 100000"),
        ("/redirects/?offset=100001", 400, "offset cannot be higher than 100000"),
        ("/pages/?site=localhost:abc", 400, "site must be a hostname or hostname:port."),
        ("/pages/find/?html_path=/journeys/&site=x:y", 400, "site must be a hostname"),
        ("/pages/?site=localhost:99999", 400, "site must be a hostname"),
        ("/pages/?search=%00", 400, "NUL characters"),
        ("/pages/?locale=e%00n", 400, "NUL characters"),
        ("/pages/find/?html_path=/jour%00neys/", 400, "NUL characters"),
        ("/redirects/find/?html_path=%00", 400, "NUL characters"),
        ("/pages/?type=blog.Nothing", 422, "Validation failed"),
        ("/pages/?limit=51", 400, "limit cannot be higher than 50"),
        ("/pages/?limit=0", 422, "Validation failed"),
        ("/pages/?offset=-1", 422, "Validation failed"),
        ("/pages/abc/", 422, "Validation failed"),
        ("/pages/find/?id=abc", 422, "Validation failed"),
        ("/pages/?child_of=abc", 422, "Validation failed"),
        ("/pages/?type=blog.JourneyStoryPage&order=nonsense", 422, "Validation failed"),
    ],
)
def test_bad_parameters_on_wagtails_endpoints_answer_4xx(api, path, status, message):
    f.story()
    response = api.get(path)
    assert response.status_code == status, response.content
    assert message in body(response)["detail"]


def test_a_token_does_not_let_a_contributor_read_others_drafts(api_as, people, world):
    draft = f.story(title="Someone else's draft", live=False, owner=people.other_contributor)
    contributor = api_as("contributor")
    for path in [f"/pages/{draft.pk}/", f"/pages/{draft.pk}/?version=draft",
                 f"/pages/{draft.pk}/revisions/", f"/stories/{draft.pk}/"]:  # fmt: skip
        assert contributor.get(path).status_code == 404, path
    assert draft.pk not in ids(contributor.get("/pages/?limit=50"))
    assert draft.pk not in ids(contributor.get("/articles/?limit=50"))
    # Editors review drafts in the admin; with a token they read them here too.
    assert api_as("editor").get(f"/pages/{draft.pk}/?version=draft").status_code == 200


def test_a_write_with_a_nul_is_refused_for_lack_of_a_token_first(api, api_as):
    index = f.story_index()
    payload = story_payload(index)
    before = snapshot()
    anonymous = api.post("/pages/?rich_text_format=a%00b", payload)
    assert anonymous.status_code == 401
    with_token = api_as("editor").post("/pages/?rich_text_format=a%00b", payload)
    assert with_token.status_code == 422
    assert body(with_token)["errors"][0]["loc"] == ["query", "rich_text_format"]
    titled = api_as("editor").post("/pages/", {**payload, "title": "a\x00b"})
    assert titled.status_code == 422
    assert body(titled)["errors"][0]["msg"] == "Null characters are not allowed."
    assert snapshot() == before


NOT_OBJECTS = ["[]", "null", '"x"', "1", "true", '[{"title": "x"}]']


def test_a_body_that_is_json_but_not_an_object_is_a_400_on_every_write(api, api_as, world):
    page = world.story
    editor = api_as("editor")
    before = snapshot()
    for method, path in write_operations():
        if method == "DELETE":  # takes no body
            continue
        for raw in NOT_OBJECTS:
            url = API + fill(path, page)
            response = editor.client.generic(
                method, url, raw, content_type="application/json", headers=editor.headers
            )
            assert response.status_code == 400, (method, path, raw, response.content)
            assert response["Content-Type"] == "application/problem+json"
            assert body(response)["detail"].startswith("The request body must be a JSON object")
            # Without a token the answer is still 401, as for every write.
            anonymous = api.client.generic(method, url, raw, content_type="application/json")
            assert anonymous.status_code == 401, (method, path, raw)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_an_author_profiles_account_is_never_written_through_the_api(api_as, people, role):
    profile = f.author(name="Writer", user=people.contributor, owner=people.contributor)
    before = snapshot()
    for payload in (
        {"user": people.editor.pk},
        {"user": people.other_contributor.pk, "bio": "New bio"},
        {"user": people.editor.pk, "meta": {"action": "publish"}},
    ):
        response = api_as(role).patch(f"/pages/{profile.pk}/", payload)
        assert response.status_code == 400, response.content
        detail = body(response)["detail"]
        assert "no field user" in detail
        assert "linked by the site when its writer signs up, or by an editor" in detail
    created = api_as("editor").post(
        "/pages/",
        {
            "meta": {"type": "blog.AuthorPage", "parent_id": profile.get_parent().pk},
            "title": "Someone",
            "user": people.editor.pk,
        },
    )
    assert created.status_code == 400
    assert snapshot() == before
    stored = AuthorPage.objects.get(pk=profile.pk)
    assert stored.user == stored.get_latest_revision_as_object().user == people.contributor


def test_a_field_the_api_does_not_write_is_refused_not_dropped(api_as, world):
    """``go_live_at`` is not writable: dropping it published at once what was meant to be
    scheduled."""
    draft = world.hidden["draft"]
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    before = snapshot()
    response = api_as("editor").patch(
        f"/pages/{draft.pk}/", {"go_live_at": tomorrow, "meta": {"action": "publish"}}
    )
    assert response.status_code == 400
    assert "no field go_live_at" in body(response)["detail"]
    assert f"/api/v3/schema/{draft._meta.label}/" in body(response)["detail"]
    assert snapshot() == before


def test_a_detail_sent_back_with_a_change_is_saved(api_as, people):
    """Read-only fields of a detail (id, body_html, meta's urls) may come back in a write."""
    own = f.story(title="Round trip", live=False, owner=people.contributor)
    contributor = api_as("contributor")
    detail = body(contributor.get(f"/pages/{own.pk}/?version=draft"))
    detail["summary"] = "Changed after reading."
    response = contributor.patch(f"/pages/{own.pk}/", detail)
    assert response.status_code == 200, response.content
    stored = JourneyStoryPage.objects.get(pk=own.pk).get_latest_revision_as_object()
    assert stored.summary == "Changed after reading."


def test_a_publish_answers_with_the_page_as_stored(api_as, people):
    editor = api_as("editor")
    created = editor.post("/pages/", publishing(story_payload(f.story_index(), title="Out now")))
    draft = f.story(title="Draft", live=False, owner=people.contributor)
    patched = editor.patch(f"/pages/{draft.pk}/", publishing({"title": "Out too", "meta": {}}))
    for response, status in ((created, 201), (patched, 200)):
        assert response.status_code == status, response.content
        answer = body(response)
        stored = Page.objects.get(pk=answer["id"])
        assert stored.live
        assert answer["title"] == stored.title
        assert answer["meta"]["first_published_at"] is not None
        assert answer == body(editor.get(f"/pages/{answer['id']}/"))


@pytest.fixture
def publishing_refused_afterwards():
    """Something that runs once a page is published refuses (a ``page_published``
    receiver raising), as a failing side effect of publishing would."""

    def refuse(sender, instance, **kwargs):
        raise PermissionDenied("Refused after publishing.")

    page_published.connect(refuse, dispatch_uid="test-refuse-after-publish")
    yield
    page_published.disconnect(dispatch_uid="test-refuse-after-publish")


@pytest.fixture
def drafts(people):
    return [f.story(title=f"Draft {n}", live=False, owner=people.contributor) for n in (1, 2)]


def test_a_publish_refused_afterwards_leaves_nothing_published(
    api_as, drafts, publishing_refused_afterwards
):
    editor = api_as("editor")
    before = snapshot()
    answers = [
        editor.post(f"/pages/{drafts[0].pk}/actions/publish/"),
        editor.patch(f"/pages/{drafts[1].pk}/", {"title": "Live?", "meta": {"action": "publish"}}),
        editor.post("/pages/", publishing(story_payload(f.story_index(), title="Born live?"))),
    ]
    for response in answers:
        assert response.status_code == 403, response.content
        assert body(response)["detail"] == "Refused after publishing."
    assert snapshot() == before
    assert not Page.objects.filter(pk__in=[d.pk for d in drafts], live=True).exists()


def test_the_document_library_needs_a_document_permission(api_as, people):
    document = get_document_model().objects.create(title="Contract draft")
    contributor = api_as("contributor")
    for path in ["/documents/", f"/documents/{document.pk}/", "/documents/?search=contract"]:
        response = contributor.get(path)
        assert response.status_code == 403, path
        assert body(response)["detail"] == (
            "Your account has no access to the document library: documents reach you "
            "through the pages that link them."
        )
    assert ids(api_as("editor").get("/documents/")) == {document.pk}
