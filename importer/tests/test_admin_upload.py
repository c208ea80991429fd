"""The admin upload: contributors and editors turn .md and .txt files into drafts they own,
with the command's messages; nothing is published, nobody else's page is touched, and a
refused upload changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from blog.models import ArticlePage, JourneyStoryPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS
from importer.forms import MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES

from .import_helpers import LAUGHS, counts

pytestmark = pytest.mark.django_db

URL = reverse("importer_upload")

GOOD = """---
title: "From the till to Django"
summary: Two years of evenings.
date: 2024-04-03
tags: [django, career-change]
canonical_url: https://dev.to/ada/from-the-till-to-django
published: true
---

I was a cashier for six years. Then a friend showed me Django.

## What helped

Evenings, patience and a good tutorial.
"""
BROKEN = """---
title: "Unclosed quote
tags: [a, b
---

Body.
"""
PLAIN_WITH_LEFTOVERS = """I switched careers at forty and this is how the first year went for me.

It was hard, then it was fun.

Subscribe to my newsletter
"""


@pytest.fixture(autouse=True)
def tree():
    return f.story_index(), f.tutorial_index(), f.author_index()


def make_user(name, group):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def ada():
    return make_user("ada", CONTRIBUTORS)


@pytest.fixture
def ben():
    return make_user("ben", CONTRIBUTORS)


def md(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/markdown")


def upload(client, *files):
    return client.post(URL, {"files": list(files)})


def page_state():
    return sorted(
        Page.objects.values_list("pk", "title", "draft_title", "live", "latest_revision_id")
    )


def test_anonymous_is_sent_to_the_login_page(client):
    before = page_state()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    response = client.post(URL, {"files": [md("a.md", GOOD)]})
    assert response.status_code == 302
    assert page_state() == before


@pytest.mark.parametrize("group", [CONTRIBUTORS, EDITORS])
def test_contributors_and_editors_see_the_menu_item(client, group):
    client.force_login(make_user("writer", group))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import stories" in home
    assert URL in home
    page = client.get(URL)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()
    assert "multiple" in page.content.decode()


def test_an_admin_user_who_may_not_add_pages_cannot_upload(client):
    user = get_user_model().objects.create_user("viewer", "v@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert "Import stories" not in client.get(reverse("wagtailadmin_home")).content.decode()
    before = page_state()
    response = upload(client, md("good.md", GOOD))
    assert response.status_code in (302, 403)
    assert page_state() == before


def test_one_good_and_one_bad_file_give_one_draft_and_a_clear_error(client, ada):
    client.force_login(ada)
    response = upload(client, md("good.md", GOOD), md("bad.md", BROKEN))
    assert response.status_code == 200
    text = response.content.decode()

    page = JourneyStoryPage.objects.get()
    assert page.title == "From the till to Django"
    assert page.owner == ada
    assert not page.live  # "published: true" in the file does not publish from the admin
    assert "Created journey story “From the till to Django” (draft) from good.md" in text
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in text
    assert "Failed:" in text
    assert "bad.md, line" in text
    assert "broken YAML front matter" in text
    assert "2 file(s): created 1, updated 0, unchanged 0, failed 1." in text

    # The draft is not public.
    assert Client().get(page.url).status_code == 404


def test_messages_say_what_the_clean_up_did(client, ada):
    client.force_login(ada)
    text = upload(client, md("story.txt", PLAIN_WITH_LEFTOVERS)).content.decode()
    assert "no title line: used the first sentence" in text
    assert "removed platform leftovers" in text
    assert "Subscribe to my newsletter" in text
    page = ArticlePage.objects.get()
    assert "Subscribe" not in page.get_latest_revision_as_object().body
    assert page.owner == ada
    # The page's history says what was removed, so an editor can check.
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Imported from story.txt; removed: “Subscribe to my newsletter” (Hashnode)" in history


def test_uploading_again_updates_the_same_draft(client, ada):
    client.force_login(ada)
    upload(client, md("good.md", GOOD))
    text = upload(client, md("good.md", GOOD.replace("six years", "seven years"))).content
    assert "Updated journey story" in text.decode()
    page = JourneyStoryPage.objects.get()
    assert "seven years" in page.get_latest_revision_as_object().body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.html", b"<script>alert(1)</script>", "evil.html: only .md and .txt files"),
        ("notes.docx", b"PK\x03\x04", "notes.docx: only .md and .txt files"),
        ("huge.md", b"# Big\n\n" + b"x" * MAX_UPLOAD_BYTES, "huge.md: 1.0\xa0MB is over"),
    ],
)
def test_refused_files_stop_the_whole_upload_with_a_message(client, ada, name, content, message):
    client.force_login(ada)
    before = page_state()
    response = upload(client, md("good.md", GOOD), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Nothing was imported" in text
    assert page_state() == before


def test_too_many_files_are_refused(client, ada):
    client.force_login(ada)
    files = [md(f"story-{n}.md", GOOD.replace("Django", f"Django {n}"))
             for n in range(MAX_UPLOAD_FILES + 1)]  # fmt: skip
    before = page_state()
    text = upload(client, *files).content.decode()
    assert f"Upload at most {MAX_UPLOAD_FILES} files" in text
    assert page_state() == before


def test_no_file_is_a_form_error(client, ada):
    client.force_login(ada)
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_contributor_cannot_overwrite_another_contributors_page(client, ada, ben):
    client.force_login(ada)
    upload(client, md("good.md", GOOD))
    adas = JourneyStoryPage.objects.get(owner=ada)
    published = f.story(title="Ada's live story", owner=ada)
    before = {p[0]: p for p in page_state()}
    ada_state, published_state = before[adas.pk], before[published.pk]

    client.force_login(ben)
    same_as_adas = GOOD.replace("six years", "BEN WAS HERE")
    same_as_live = "---\ntitle: Ada's live story\n---\n\nBen's version of Ada's story."
    text = upload(client, md("good.md", same_as_adas), md("live.md", same_as_live))
    text = text.content.decode()
    assert "Updated" not in text

    after = {p[0]: p for p in page_state()}
    assert after[adas.pk] == ada_state
    assert after[published.pk] == published_state
    assert "BEN WAS HERE" not in adas.get_latest_revision_as_object().body
    bens = JourneyStoryPage.objects.filter(owner=ben)
    assert sorted(p.title for p in bens) == ["Ada's live story", "From the till to Django"]
    assert not any(p.live for p in bens)


def test_an_editor_upload_makes_drafts_too(client):
    editor = make_user("eve", EDITORS)
    client.force_login(editor)
    response = client.post(URL, {"files": [md("good.md", GOOD)], "publish": "on"})
    assert response.status_code == 200
    page = JourneyStoryPage.objects.get()
    assert page.owner == editor
    assert not page.live
    assert Client().get(page.url).status_code == 404


def test_hostile_names_and_titles_are_escaped(client, ada):
    client.force_login(ada)
    hostile = '---\ntitle: "<script>alert(1)</script>"\n---\n\n<img src=x onerror=alert(2)> text.'
    name = "<b onmouseover=alert(3)>.md"
    text = upload(client, md(name, hostile)).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b onmouseover" not in text


def test_the_upload_is_csrf_protected(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    before = page_state()
    response = client.post(URL, {"files": [md("good.md", GOOD)]})
    assert response.status_code == 403
    assert page_state() == before


def test_an_upload_of_texts_that_cannot_be_formatted_is_cut_off_with_messages(
    client, ada, settings, monkeypatch
):
    # The real limits, shorter: each text may take 0.5 s, the whole upload 1.2 s.
    settings.MARKDOWN_RENDER_SECONDS = 0.5
    monkeypatch.setattr("importer.tasks.UPLOAD_FORMATTING_SECONDS", 1.2)
    client.force_login(ada)
    before = page_state()
    # Four different texts: one text is formatted once, then its outcome remembered.
    hostile = [
        md(f"brackets-{n}.md", f"# Brackets {n}\n\nPart {n}: " + "[" * 30_000 + "]" * 30_000)
        for n in range(4)
    ]
    response = upload(client, *hostile)
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    # Each file fails on its own limit until the upload's budget is spent, then on that.
    own_limit = text.count("it takes longer than 0.5 seconds")
    budget = text.count("there was no time left to")
    assert own_limit + budget == 4 and budget >= 1
    assert "4 file(s): created 0, updated 0, unchanged 0, failed 4." in text
    assert page_state() == before


def test_front_matter_bombs_are_refused_with_their_line_and_store_nothing(client, ada):
    client.force_login(ada)
    before = counts()
    laughs = f"---\ntitle: Laughs\n{LAUGHS}\n---\n\nBody.\n"
    deep = "---\ntitle: Deep\ntags: " + "[" * 30_000 + "]" * 30_000 + "\n---\n\nBody.\n"

    response = upload(client, md("laughs.md", laughs), md("deep.md", deep))

    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "laughs.md, line 3: YAML anchors and aliases (&amp;a, *a) are not allowed in front "
        "matter (found &amp;lol0): write each value out"
    ) in text
    assert "deep.md, line 3: the front matter is nested more than 10 levels deep" in text
    assert "2 file(s): created 0, updated 0, unchanged 0, failed 2." in text
    assert counts() == before
