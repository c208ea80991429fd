"""A contributor's hostile draft runs no script in an editor's browser anywhere in the
review loop: dashboard, page listing, editor, preview, revision comparison, history."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

XSS = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>"
BODY = f"""## Heading {XSS}

{XSS}

[click](javascript:window.__xss=3)

<a href="javascript:window.__xss=4" onclick="window.__xss=5">link</a>
<svg onload="window.__xss=6"></svg>
<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>
"""


# Elements that would run the payload on a click, a hover or a load.
ARMED_ELEMENTS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes]
    .filter(a => (a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                 && a.value.includes('__xss'))
    .map(a => el.tagName + ' ' + a.name + '=' + a.value))"""


def make_people():
    User = get_user_model()
    writer = User.objects.create_user(
        "mallory", "m@example.com", "writer-pass-123", first_name=f"Mal {XSS}"
    )
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    editor = User.objects.create_user("edna", "e@example.com", "editor-pass-123")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return writer, editor


def hostile_draft(writer):
    author = f.author(name=f"Author {XSS}", user=writer, owner=writer, live=False,
                      bio=BODY, location=XSS)  # fmt: skip
    page = f.story(
        title=f"Title {XSS}",
        summary=f"Summary {XSS}",
        body="First version",
        authors=[author],
        owner=writer,
        live=False,
        tags=[f"tag {XSS}"],
        starting_point=f"cashier {XSS}",
        city=XSS,
        milestones=[(2020, f"Milestone {XSS}")],
    )
    page.body = BODY
    page.title = f"Title v2 {XSS}"
    page.save_revision(user=writer)
    page.get_workflow().start(page, writer)
    return page


def hostile_image(writer):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "x.png"
    client = Client()
    client.force_login(writer)
    client.post(reverse("wagtailimages:add"), {"title": f"Image {XSS}", "file": buffer})
    return get_image_model().objects.get(title=f"Image {XSS}")


def log_in(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def test_hostile_draft_runs_no_script_in_the_editors_browser(live_server, page):
    writer, _editor = make_people()
    story = hostile_draft(writer)
    image = hostile_image(writer)
    revisions = list(story.revisions.order_by("pk").values_list("pk", flat=True))

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server.url, "edna", "editor-pass-123")

    views = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[story.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[story.pk]),
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[story.pk, revisions[0], revisions[-1]]
        ),
        reverse("wagtailadmin_pages:revisions_view", args=[story.pk, revisions[0]]),
        reverse("wagtailadmin_pages:history", args=[story.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[story.pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_pages:search") + "?q=Title",
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.article_authors.first().author_id]),
    ]
    for path in views:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        for frame in page.frames:
            assert frame.evaluate("window.__xss === undefined"), (path, frame.url)
            assert frame.evaluate(ARMED_ELEMENTS) == [], (path, frame.url)

    # The side-panel preview renders the sanitised page in an iframe.
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[story.pk]))
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    preview.locator("h1").wait_for()
    assert "Title v2 <script>" in preview.locator("h1").inner_text()
    for frame in page.frames:
        assert frame.evaluate("window.__xss === undefined"), frame.url
    assert dialogs == []
