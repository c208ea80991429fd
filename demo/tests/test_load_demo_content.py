"""load_demo_content: idempotent, a dry run writes nothing, demo accounts only while DEBUG is
on, a file dropped in the folder becomes a page, a broken file is named with its line. What
one run builds is checked in `test_demo_site.py`."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import ArticlePage, JourneyStoryPage, TutorialPage
from demo import files
from demo.files import AUTHORS_FOLDER, CONTENT_DIR

pytestmark = pytest.mark.django_db


def load(**options):
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def snapshot(media_root):
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "tags": Tag.objects.count(),
        "files": sorted(p.name for p in Path(media_root).rglob("*") if p.is_file()),
        "latest_revisions": list(Page.objects.order_by("pk").values_list("latest_revision_id")),
    }


def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    load()
    before = snapshot(settings.MEDIA_ROOT)
    output = load()
    assert snapshot(settings.MEDIA_ROOT) == before
    assert "Created 0 item(s)" in output


def test_demo_accounts_exist_only_while_debug_is_on(settings):
    settings.DEBUG = False
    output = load()
    assert not get_user_model().objects.filter(username__in=["admin", "editor", "contributor"])
    assert "Demo logins" not in output

    settings.DEBUG = True
    output = load()
    users = get_user_model().objects.filter(username__in=["admin", "editor", "contributor"])
    assert users.count() == 3
    assert users.get(username="admin").is_superuser
    assert "Demo logins for /admin/" in output


def test_dry_run_writes_nothing(settings):
    settings.DEBUG = True
    before = snapshot(settings.MEDIA_ROOT)
    output = load(dry_run=True)
    assert "Would create" in output
    assert snapshot(settings.MEDIA_ROOT) == before


# Whose the pieces are ---------------------------------------------------------------------


def test_pieces_belong_to_their_first_authors_demo_account(settings):
    settings.DEBUG = True
    load()
    contributor = get_user_model().objects.get(username="contributor")
    owned = ArticlePage.objects.filter(owner=contributor)
    assert owned.exists()
    for page in owned:
        assert page.article_authors.first().author.user == contributor


# Adding a demo post: drop a Markdown file in the folder ------------------------------------

NEW_STORY = """---
title: From the night bus to the night shift on call
authors: [Amina Wanjiru]
tags: [career-change, on-call]
starting_point: bus driver
country: KE
first_published_at: 2025-09-01
cover_image: covers/night-bus.jpg
---

I drove the number 46 for six years before I wrote a line of code.

```python
def next_stop(route, stop):
    return route[(route.index(stop) + 1) % len(route)]
```
"""

NEW_TUTORIAL = """---
title: Paginating the reading-list API
type: tutorial
authors: Amina Wanjiru
difficulty: beginner
estimated_minutes: 25
series: Your first Django API
series_position: 3
---

Part 3 of the series: a page of books at a time.
"""


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A demo folder of our own (the site frame and one author from demo/content), which
    the loader reads instead of demo/content."""
    folder = tmp_path / "content"
    (folder / AUTHORS_FOLDER).mkdir(parents=True)
    shutil.copy(CONTENT_DIR / "site.yaml", folder / "site.yaml")
    shutil.copy(CONTENT_DIR / AUTHORS_FOLDER / "amina-wanjiru.md", folder / AUTHORS_FOLDER)
    monkeypatch.setattr(files, "CONTENT_DIR", folder)
    return folder


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_markdown_file_dropped_in_the_folder_becomes_a_page(content, client, settings):
    settings.DEBUG = False
    write(content / "stories" / "night-bus.md", NEW_STORY)
    write(content / "tutorials" / "paginating.md", NEW_TUTORIAL)
    output = load()
    assert "night-bus.md" in output and "paginating.md" in output

    story = JourneyStoryPage.objects.get(title="From the night bus to the night shift on call")
    assert story.live and story.cover_image is not None  # the cover it names was drawn
    assert story.first_published_at.date() == datetime.date(2025, 9, 1)
    assert [byline.author.title for byline in story.article_authors.all()] == ["Amina Wanjiru"]
    assert "return route[(route.index(stop) + 1) % len(route)]" in story.body
    assert story.title in client.get("/journeys/").content.decode()
    assert client.get(story.url).status_code == 200

    tutorial = TutorialPage.objects.get(title="Paginating the reading-list API")
    assert tutorial.live
    assert (tutorial.series.slug, tutorial.series_position) == ("your-first-django-api", 3)
    assert tutorial.title in client.get("/tutorials/").content.decode()

    assert "Created 0 item(s)" in load()


def test_a_dry_run_names_the_new_file_and_writes_nothing(content, settings):
    write(content / "stories" / "night-bus.md", NEW_STORY)
    before = snapshot(settings.MEDIA_ROOT)
    output = load(dry_run=True)
    assert "Would create journey story “From the night bus" in output
    assert snapshot(settings.MEDIA_ROOT) == before


# A file the importer refuses ---------------------------------------------------------------


def test_a_file_that_cannot_be_read_stops_the_load_naming_file_and_line(content, settings):
    broken = write(
        content / "stories" / "broken.md", NEW_STORY.replace("country: KE", "country: [KE")
    )
    write(content / "stories" / "fine.md", NEW_STORY.replace("night bus", "day bus"))
    before = snapshot(settings.MEDIA_ROOT)
    with pytest.raises(CommandError) as failure:
        load()
    # The list opened on line 6 is found unclosed on line 7, where YAML's parser stops.
    assert f"{broken}, line 7: broken YAML front matter" in str(failure.value)
    assert "Nothing was loaded" in str(failure.value)
    assert snapshot(settings.MEDIA_ROOT) == before  # not even the good file


def test_a_file_the_importer_refuses_on_saving_is_named_with_its_line(content):
    broken = write(
        content / "stories" / "broken.md", NEW_STORY.replace("country: KE", "city: " + "x" * 101)
    )
    write(content / "stories" / "fine.md", NEW_STORY.replace("night bus", "day bus"))
    with pytest.raises(CommandError) as failure:
        load()
    assert f"{broken}, line 6: city: Ensure this value has at most 100 characters" in str(
        failure.value
    )
    assert not JourneyStoryPage.objects.filter(title__contains="night bus").exists()
    assert JourneyStoryPage.objects.filter(title__contains="day bus", live=True).exists()


def test_the_command_exits_with_status_1_and_says_where(content, monkeypatch, capsys):
    broken = write(
        content / "stories" / "broken.md",
        NEW_STORY.replace("country: KE", "journey_started_year: 1066"),
    )
    # run_from_argv closes the connections when it ends: the test's transaction needs it.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "load_demo_content", "--skip-checks"]).execute()
    assert exit_.value.code == 1
    assert f"{broken}, line 6: journey_started_year: 1066 is outside" in capsys.readouterr().err
