"""import_stories: files in, draft pages out; options, updates, authors and the summary."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import PageLogEntry

from blog.models import AuthorPage, JourneyStoryPage, TutorialPage
from blog.tests import factories as f
from importer.progress import ProgressBar
from uploads.tests.helpers import animation, long_gif

from .import_helpers import counts, run_import, site_tree, story_file, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tree():
    return site_tree()


def only_story():
    return JourneyStoryPage.objects.get()


def test_a_markdown_file_becomes_a_draft_story_with_its_front_matter(tmp_path):
    path = write(
        tmp_path,
        "post.md",
        story_file(
            "From the till to the terminal",
            description="How evening classes got me a backend job.",
            date="2023-05-06",
            tags="python, django,career",
            canonical_url="https://blog.example.com/till-to-terminal",
            authors=["Ada Obi"],
        ),
    )
    run = run_import(path)
    assert not run.failed, run.text
    page = only_story()
    assert page.title == "From the till to the terminal"
    assert page.live is False
    assert page.summary == "How evening classes got me a backend job."
    assert page.original_published_at == datetime.date(2023, 5, 6)
    assert page.canonical_url == "https://blog.example.com/till-to-terminal"
    assert sorted(t.name for t in page.tags.all()) == ["career", "django", "python"]
    assert [a.title for a in page.ordered_authors] == ["Ada Obi"]
    assert page.get_parent().specific == f.story_index()
    assert "Created journey story “From the till to the terminal” (draft)" in run.out
    assert "1 file(s): created 1, updated 0, unchanged 0, failed 0." in run.out


def test_toml_front_matter_and_tags_as_a_list(tmp_path):
    path = write(
        tmp_path,
        "hugo.md",
        '+++\ntitle = "A Hugo post"\ndate = 2022-01-02T10:00:00Z\n'
        'tags = ["Go", "Hugo"]\nsummary = "Written for Hugo."\n+++\n\nThe body.\n',
    )
    assert not run_import(path).failed
    page = only_story()
    assert page.title == "A Hugo post"
    assert page.summary == "Written for Hugo."
    assert page.original_published_at == datetime.date(2022, 1, 2)
    assert sorted(t.name for t in page.tags.all()) == ["Go", "Hugo"]


def test_a_tutorial_goes_under_the_tutorial_index_with_its_fields(tmp_path):
    path = write(
        tmp_path,
        "tut.md",
        story_file(
            "Your first Django view",
            type="tutorial",
            difficulty="Intermediate",
            duration="1h 30m",
            prerequisites=["Python basics", "A terminal"],
        ),
    )
    run = run_import(path)
    assert not run.failed, run.text
    page = TutorialPage.objects.get()
    assert page.get_parent().specific == f.tutorial_index()
    assert (page.difficulty, page.estimated_minutes) == ("intermediate", 90)
    assert page.prerequisite_list == ["Python basics", "A terminal"]
    assert not JourneyStoryPage.objects.exists()
    assert "Created tutorial" in run.out


def test_authors_match_profiles_ignoring_case_and_accents_or_become_draft_profiles(tmp_path):
    existing = f.author(name="José Núñez")
    path = write(tmp_path, "a.md", story_file(authors="jose nunez, Grace New"))
    run = run_import(path)
    assert not run.failed, run.text
    page = only_story()
    assert page.ordered_authors[0].pk == existing.pk
    created = AuthorPage.objects.get(title="Grace New")
    assert created.live is False
    assert [a.title for a in page.ordered_authors] == ["José Núñez", "Grace New"]
    assert "created a draft author profile for “Grace New”" in run.out
    assert AuthorPage.objects.count() == 2


def test_owner_option_makes_that_user_the_owner(tmp_path):
    ada = get_user_model().objects.create_user("ada", "ada@example.com", "pw", first_name="Ada")
    path = write(tmp_path, "a.md", story_file())
    assert not run_import(path, owner="ada").failed
    page = only_story()
    assert page.owner == ada
    # No author in the file: the byline is the owner's own (draft) profile.
    assert [a.user for a in page.ordered_authors] == [ada]


def test_an_unknown_owner_stops_before_anything_is_written(tmp_path):
    path = write(tmp_path, "a.md", story_file())
    before = counts()
    run = run_import(path, owner="nobody")
    assert run.failed and "No user named 'nobody'" in run.err
    assert counts() == before


def test_publish_publishes_and_a_future_date_schedules(tmp_path):
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    write(tmp_path, "now.md", story_file("Published now", date="2021-03-04"))
    write(tmp_path, "later.md", story_file("Published later", date=future))
    run = run_import(tmp_path, publish=True)
    assert not run.failed, run.text
    now = JourneyStoryPage.objects.get(title="Published now")
    assert now.live and not now.has_unpublished_changes
    later = JourneyStoryPage.objects.get(draft_title="Published later")
    assert later.live is False
    assert later.go_live_at > timezone.now()
    assert later.scheduled_revision is not None
    assert "(scheduled for" in run.out and "(published)" in run.out


def test_draft_in_the_front_matter_stays_a_draft_with_publish(tmp_path):
    write(tmp_path, "a.md", story_file(draft=True))
    run = run_import(tmp_path, publish=True)
    assert only_story().live is False
    assert "marked as a draft in its front matter" in run.out


def test_dry_run_writes_nothing_and_says_what_would_happen(tmp_path):
    write(tmp_path, "a.md", story_file("Dry", authors="Someone New", tags=["x"]))
    before = counts()
    run = run_import(tmp_path, dry_run=True, publish=True)
    assert not run.failed, run.text
    assert counts() == before
    assert "Would create journey story “Dry”" in run.out
    assert "dry run: nothing was written" in run.out


def test_the_same_import_again_creates_nothing_new(tmp_path):
    write(tmp_path, "one.md", story_file("One", authors="Ada Obi", tags=["a", "b"]))
    write(tmp_path, "two.txt", "Two\n\nA plain text story about learning SQL at night.\n")
    assert not run_import(tmp_path).failed
    before = counts()
    run = run_import(tmp_path)
    assert not run.failed, run.text
    assert counts() == before
    assert "unchanged 2" in run.out


def test_a_changed_file_updates_its_page_as_a_new_revision(tmp_path):
    path = write(tmp_path, "one.md", story_file("One", body="First version of the text.\n"))
    assert not run_import(path).failed
    page = only_story()
    revisions = page.revisions.count()
    write(tmp_path, "one.md", story_file("One", body="Second version, with a new ending.\n"))
    run = run_import(path)
    assert not run.failed, run.text
    assert JourneyStoryPage.objects.get().pk == page.pk
    assert page.revisions.count() == revisions + 1
    assert "Second version" in only_story().get_latest_revision_as_object().body
    assert "Updated journey story “One”" in run.out


def test_the_same_canonical_url_updates_even_under_a_new_title(tmp_path):
    url = "https://dev.example/ada/post-1"
    assert not run_import(
        write(tmp_path, "a.md", story_file("Old title", canonical_url=url))
    ).failed
    assert not run_import(
        write(tmp_path, "a.md", story_file("New title", canonical_url=url))
    ).failed
    page = only_story()
    assert page.get_latest_revision_as_object().title == "New title"


def test_a_published_page_updated_by_a_file_keeps_its_live_version_until_published(tmp_path):
    path = write(tmp_path, "a.md", story_file("Live one", body="Live text.\n"))
    assert not run_import(path, publish=True).failed
    write(tmp_path, "a.md", story_file("Live one", body="Edited text.\n"))
    assert not run_import(path).failed
    page = only_story()
    assert page.live and page.has_unpublished_changes
    assert "Live text" in page.body


def test_the_log_entry_lists_the_removed_boilerplate(tmp_path):
    body = "I learned Django in a year.\n\nIt changed my work.\n\nTop comments (0)\n"
    path = write(tmp_path, "a.md", story_file("Logged", body=body))
    run = run_import(path)
    page = only_story()
    assert "Top comments" not in page.body
    entry = PageLogEntry.objects.get(page=page, action="importer.import")
    assert entry.revision == page.latest_revision
    assert "“Top comments (0)” (DEV.to)" in entry.message
    assert "a.md" in entry.message
    assert "removed platform leftovers: “Top comments (0)” (DEV.to)" in run.out


def test_a_medium_copy_loses_its_footer_and_keeps_its_writer_and_address(tmp_path):
    text = (
        "# Night shifts to Node\n\nI studied between night shifts on the ward.\n\n"
        "Then a health startup hired me to build its booking API.\n\n"
        "*Originally published at [my blog](https://ann.example/night-shifts) on May 2.*\n\n"
        "412\n\n5\n\nWritten by Ann Example\n\n230 Followers\n\nNurse, now a developer.\n\n"
        "Follow\n\nMore from Ann Example\n\nAnother post of hers\n\nRecommended from Medium\n"
    )
    path = write(tmp_path, "medium.md", text)
    run = run_import(path)
    assert not run.failed, run.text
    page = only_story()
    assert page.title == "Night shifts to Node"
    assert page.body.endswith("build its booking API.")
    assert page.canonical_url == "https://ann.example/night-shifts"
    assert [a.title for a in page.ordered_authors] == ["Ann Example"]
    entry = PageLogEntry.objects.get(page=page, action="importer.import")
    assert "“Written by Ann Example” and the author box under it" in entry.message
    assert "“More from Ann Example” and 2 line(s) after it" in entry.message
    before = counts()
    assert "unchanged 1" in run_import(path).out
    assert counts() == before


def test_a_hashnode_export_keeps_its_date_and_its_footers_writer(tmp_path):
    text = (
        "---\ntitle: Joins without fear\n"
        "datePublished: Mon Feb 12 2024 09:30:00 GMT+0000 (Coordinated Universal Time)\n"
        "tags: sql, postgresql\n---\n\nOne query per row took nine seconds.\n\n"
        "A join took forty milliseconds.\n\n---\n\nSubscribe to my newsletter\n\n"
        "Read articles from Ann Example directly inside your inbox.\n\nWritten by\n\n"
        "Ann Example\n\nBackend engineer.\n\nShare this\n"
    )
    run = run_import(write(tmp_path, "hashnode.md", text))
    assert not run.failed, run.text
    page = only_story()
    assert page.original_published_at == datetime.date(2024, 2, 12)
    assert page.body.endswith("A join took forty milliseconds.")
    assert [a.title for a in page.ordered_authors] == ["Ann Example"]
    assert sorted(t.name for t in page.tags.all()) == ["postgresql", "sql"]


def test_an_unknown_country_is_reported_and_a_person_string_gives_the_name(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        story_file("Somewhere", country="Atlantis", author="Ann Example <ann@example.com>"),
    )
    run = run_import(path)
    assert not run.failed, run.text
    page = only_story()
    assert not page.country
    assert "country “Atlantis” is not one we know: left empty" in run.out
    assert [a.title for a in page.ordered_authors] == ["Ann Example"]


def test_a_cover_image_next_to_the_file_is_added(tmp_path):
    PILImage.new("RGB", (40, 30), (10, 20, 30)).save(tmp_path / "cover.png")
    path = write(tmp_path, "a.md", story_file(cover_image="cover.png", cover_image_alt="A desk"))
    run = run_import(path)
    assert not run.failed, run.text
    image = only_story().cover_image
    assert image is not None and image.description == "A desk"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        # The GIF: 200 frames of 5000 x 5000 in 3.9 MB.
        ("cover.gif", long_gif(frames=200, size=(5000, 5000)),
         "This animation has too many pixels: 200 frames of 5,000 \u00d7 5,000 = 5,000,000,000 "
         "to decode, over the limit of 50,000,000."),
        ("cover.webp", animation("WEBP", frames=3, size=(5000, 5000)),
         "This animation has too many pixels: 3 frames of 5,000 \u00d7 5,000 = 75,000,000"),
        ("cover.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
         "Not a supported image format."),
    ],
)  # fmt: skip
def test_a_cover_image_an_upload_would_refuse_is_left_out_and_not_stored(
    tmp_path, name, content, reason
):
    (tmp_path / name).write_bytes(content)
    path = write(tmp_path, "a.md", story_file(cover_image=name))
    before = counts()

    run = run_import(path)

    assert not run.failed, run.text
    assert only_story().cover_image is None
    assert f"  - cover image {name} left out: {reason}" in run.out
    after = counts()
    assert (after["images"], after["media files"]) == (before["images"], before["media files"])


def test_a_file_that_fails_late_rolls_back_its_image_author_and_tags(tmp_path):
    """The cover image is stored and the author profile created before the page fails to
    validate: all of it goes, the stored image file too."""
    PILImage.new("RGB", (40, 30), (10, 20, 30)).save(tmp_path / "cover.png")
    before = counts()
    path = write(
        tmp_path,
        "a.md",
        story_file(
            cover_image="cover.png",
            authors="Brand New Person",
            tags=["fresh-tag"],
            canonical_url="ftp://not-a-web-address.example/post",
        ),
    )
    run = run_import(path)
    assert run.failed
    assert "a.md, line " in run.err and "canonical_url" in run.err
    assert counts() == before


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream, 25)
        bar.update(5, "posts/a.md")
        bar.clear()
    assert "5/25" in terminal.getvalue() and "posts/a.md" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path):
    for n in range(3):
        write(tmp_path, f"{n}.md", story_file(f"Story {n}"))
    run = run_import(tmp_path)
    assert "\r" not in run.out and "3 file(s): created 3" in run.out
