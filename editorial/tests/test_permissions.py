"""The permission matrix: every role against every action, on their own pages and on other
people's, through the real admin URLs. Allowed cells must have their effect; refused cells
must change nothing in the database."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, TaskState, WorkflowState

from blog.models import AuthorPage, JourneyStoryPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

from .admin_forms import edit_form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor_a", "contributor_b", "editor", "superuser"]
# Whose pages each role acts on as "other": someone else's, never their own.
OTHER_OWNER = {
    "anonymous": "contributor_a",
    "contributor_a": "contributor_b",
    "contributor_b": "contributor_a",
    "editor": "contributor_a",
    "superuser": "contributor_a",
}
EDITORIAL = {"editor", "superuser"}


def make_user(role):
    User = get_user_model()
    if role == "superuser":
        return User.objects.create_superuser(role, f"{role}@example.com", "pw")
    user = User.objects.create_user(role, f"{role}@example.com", "pw")
    group = EDITORS if role == "editor" else CONTRIBUTORS
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people():
    return {role: make_user(role) for role in ROLES if role != "anonymous"}


def login(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def story_for(owner, *, live, title=None):
    author = f.author(user=None)
    return f.story(
        title=title or f"{owner.username}'s {'live' if live else 'draft'} story",
        authors=[author],
        owner=owner,
        live=live,
    )


def submitted_story(owner):
    page = story_for(owner, live=False, title=f"{owner.username}'s story in review")
    page.get_workflow().start(page, owner)
    return page


PAGE_STATE = [
    "pk", "title", "draft_title", "live", "path", "has_unpublished_changes",
    "latest_revision_id", "owner_id",
]  # fmt: skip


def snapshot():
    """Everything an admin action could change."""
    return {
        "pages": list(Page.objects.order_by("pk").values_list(*PAGE_STATE)),
        "revisions": Revision.objects.count(),
        "workflow_states": list(WorkflowState.objects.values_list("pk", "status")),
        "task_states": list(TaskState.objects.values_list("pk", "status")),
        "images": get_image_model().objects.count(),
    }


def png_upload(name="cover.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 64), (10, 120, 80)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


# Each action: (prepare(owner) -> target, perform(client, target) -> response,
#               happened(target) -> bool: the effect an allowed action must have had)


def _reload(page):
    return Page.objects.get(pk=page.pk).specific


ACTIONS = {
    "view_draft": (
        lambda owner: story_for(owner, live=False),
        lambda client, page: client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
        None,  # a read: judged by whether the response shows the draft's title
    ),
    "preview": (
        lambda owner: story_for(owner, live=False),
        lambda client, page: (
            client.post(
                reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
                edit_form_data(page, title="Previewed title"),
            ),
            client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])),
        )[1],
        None,
    ),
    "edit": (
        lambda owner: story_for(owner, live=False),
        lambda client, page: client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            edit_form_data(page, title="Edited title"),
        ),
        lambda page: _reload(page).draft_title == "Edited title",
    ),
    "submit": (
        lambda owner: story_for(owner, live=False),
        lambda client, page: client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {**edit_form_data(page), "action-submit": "Submit"},
        ),
        lambda page: _reload(page).workflow_in_progress,
    ),
    "approve": (
        submitted_story,
        lambda client, page: client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "approve", page.current_workflow_task_state.pk],
            ),
            {"comment": "Looks good"},
        ),
        lambda page: _reload(page).live,
    ),
    "request_changes": (
        submitted_story,
        lambda client, page: client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "reject", page.current_workflow_task_state.pk],
            ),
            {"comment": "Please add a timeline"},
        ),
        lambda page: WorkflowState.objects.filter(
            object_id=str(page.pk), status=WorkflowState.STATUS_NEEDS_CHANGES
        ).exists(),
    ),
    "publish": (
        lambda owner: story_for(owner, live=False),
        lambda client, page: client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {**edit_form_data(page), "action-publish": "Publish"},
        ),
        lambda page: _reload(page).live,
    ),
    "unpublish": (
        lambda owner: story_for(owner, live=True),
        lambda client, page: client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])),
        lambda page: not _reload(page).live,
    ),
    "delete": (
        lambda owner: story_for(owner, live=True),
        lambda client, page: client.post(reverse("wagtailadmin_pages:delete", args=[page.pk])),
        lambda page: not Page.objects.filter(pk=page.pk).exists(),
    ),
    "move": (
        # Moving a published story to the end of its index changes its place in the tree.
        lambda owner: (story_for(owner, live=True), f.story(title="A later sibling")),
        lambda client, pages: client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[pages[0].pk, pages[0].get_parent().pk])
        ),
        lambda pages: Page.objects.get(pk=pages[0].pk).path != pages[0].path,
    ),
    "edit_author_profile": (
        lambda owner: f.author(name=f"{owner.username} profile", user=owner, owner=owner),
        lambda client, page: client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            edit_form_data(page, location="Somewhere new"),
        ),
        lambda page: _reload(page).get_latest_revision_as_object().location == "Somewhere new",
    ),
    "upload_image": (
        lambda owner: None,
        lambda client, _: client.post(
            reverse("wagtailimages:add"), {"title": "Cover", "file": png_upload()}
        ),
        lambda _: get_image_model().objects.filter(title="Cover").exists(),
    ),
}

# Who may do what. Contributors act on their own pages only, and never publish, unpublish,
# delete or move a published page; editors and superusers may do everything on any page.
CONTRIBUTOR_OWN = {"view_draft", "preview", "edit", "submit", "edit_author_profile", "upload_image"}
ALLOWED = {
    ("anonymous", "own"): set(),
    ("anonymous", "other"): set(),
    ("contributor_a", "own"): CONTRIBUTOR_OWN,
    ("contributor_b", "own"): CONTRIBUTOR_OWN,
    ("contributor_a", "other"): {"upload_image"},  # uploading has no owner
    ("contributor_b", "other"): {"upload_image"},
    ("editor", "own"): set(ACTIONS),
    ("editor", "other"): set(ACTIONS),
    ("superuser", "own"): set(ACTIONS),
    ("superuser", "other"): set(ACTIONS),
}
CELLS = [
    (role, whose, action)
    for role in ROLES
    for whose in ("own", "other")
    for action in ACTIONS
    if not (role == "anonymous" and whose == "own")
]


@pytest.mark.parametrize(("role", "whose", "action"), CELLS)
def test_permission_matrix(client, people, role, whose, action):
    owner = (
        people[role]
        if whose == "own"
        else people.get(OTHER_OWNER[role]) or make_user(OTHER_OWNER[role])
    )
    prepare, perform, happened = ACTIONS[action]
    target = prepare(owner)
    allowed = action in ALLOWED[(role, whose)]
    before = snapshot()

    response = perform(login(client, people, role), target)

    if happened is None:  # a read: allowed shows the draft, refused shows nothing of it
        title = "Previewed title" if action == "preview" else target.title
        shown = response.status_code == 200 and escape(title) in response.content.decode()
        assert shown == allowed, f"{role} {action} on {whose}: {response.status_code}"
        assert snapshot() == before
    elif allowed:
        assert response.status_code in (200, 302), response.status_code
        assert happened(target), f"{role} could not {action} on {whose} pages"
    else:
        assert response.status_code in (302, 403, 404), response.status_code
        assert snapshot() == before, f"{role} {action} on {whose} pages changed the database"


def test_contributors_may_delete_their_own_drafts_but_nothing_published(client, people):
    contributor = people["contributor_a"]
    draft = story_for(contributor, live=False)
    login(client, people, "contributor_a").post(
        reverse("wagtailadmin_pages:delete", args=[draft.pk])
    )
    assert not JourneyStoryPage.objects.filter(pk=draft.pk).exists()


def test_contributors_cannot_create_author_profiles_or_indexes(client, people):
    login(client, people, "contributor_a")
    index = f.author_index()
    before = snapshot()
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["blog", "authorpage", index.pk]), follow=True
    )
    assert b"Only editors can create" in response.content
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "authorpage", index.pk]),
        {"title": "Second me", "slug": "second-me"},
    )
    assert snapshot() == before
    assert not AuthorPage.objects.filter(slug="second-me").exists()


def test_contributors_never_see_other_peoples_drafts_in_the_admin(client, people):
    secret = story_for(people["contributor_b"], live=False, title="Secret draft by B")
    mine = story_for(people["contributor_a"], live=False, title="My own draft")
    published = story_for(people["contributor_b"], live=True, title="B's published story")
    login(client, people, "contributor_a")
    index = secret.get_parent()
    pages = [
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:search") + "?q=draft",
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_pages:history", args=[secret.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[secret.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[secret.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert b"Secret draft by B" not in response.content, url
    explorer = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content
    assert escape(mine.title).encode() in explorer
    assert escape(published.title).encode() in explorer
