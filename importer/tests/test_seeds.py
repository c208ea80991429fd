"""Acceptance 1: the five real posts in ../shared/seeds import cleanly.

The posts are other people's writing: they are read from the shared folder when it exists
(the tests skip with a reason otherwise) and never copied into the repository. Expected
values come from the files themselves; only short platform phrases, titles and 001's
date and tag count are written here."""

import datetime
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry

from blog.models import AuthorPage, JourneyStoryPage

from .import_helpers import counts, run_import, seeds_folder, site_tree

pytestmark = pytest.mark.django_db

# What the platforms the posts were copied from leave at the end of a post.
LEFTOVERS = [
    "Top comments",
    "Subscribe to my newsletter",
    "Leave a Comment",
    "Read articles from",
    "Written by",
    "Scroll to Top",
    "Your email address will not be published",
    "thoughts on “",
]
MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]")


@pytest.fixture
def seeds():
    folder = seeds_folder()
    site_tree()
    return {path.name[:3]: path for path in sorted(folder.glob("0*"))}


def first_line(path):
    return next(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line)


def page_from(path):
    """The page imported from a seed file, found through its import log entry."""
    return next(page for page in JourneyStoryPage.objects.all() if entry_name(page) == path.name)


def entry_name(page):
    return import_entry(page).data["source"].rsplit("/", 1)[-1]


def import_entry(page):
    return PageLogEntry.objects.get(revision=page.latest_revision, action="importer.import")


@pytest.fixture
def imported(seeds):
    get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    run = run_import(seeds_folder(), owner="editor")
    assert not run.failed, run.text
    return seeds, run


def test_all_five_seed_posts_import_with_the_expected_titles(imported):
    seeds, run = imported
    assert len(seeds) == 5
    assert "5 file(s): created 5, updated 0, unchanged 0, failed 0." in run.out
    for key in ("000", "002", "003"):
        assert page_from(seeds[key]).title == first_line(seeds[key])
    # 004 has no title line: its title is the start of its first sentence, and the output
    # says so for that file.
    derived = page_from(seeds["004"]).title
    assert 10 < len(derived) <= 100
    assert first_line(seeds["004"]).startswith(derived.rstrip("…"))
    block = run.out[run.out.index(seeds["004"].name) :]
    assert "no title line: used the first sentence" in block.split("\nCreated")[0]


def test_a_repeated_title_line_is_dropped(imported):
    seeds, run = imported
    page = page_from(seeds["000"])
    title = first_line(seeds["000"])
    assert seeds["000"].read_text(encoding="utf-8").count(title) >= 2  # the file repeats it
    assert not page.body.lstrip().startswith(title)
    assert title not in page.body
    assert "dropped a repeated title line" in run.out


def test_001_front_matter_is_read(imported):
    seeds, _run = imported
    raw = seeds["001"].read_text(encoding="utf-8").split("---\n")[1]
    meta = yaml.safe_load(raw)
    page = page_from(seeds["001"])
    assert page.title == meta["title"] == "Full Stack Development (Bonus AI/ML)"
    assert page.summary == meta["summary"]
    assert page.original_published_at == datetime.date(2024, 4, 3)
    tags = sorted(tag.name for tag in page.tags.all())
    assert len(tags) == 4 and tags == sorted(meta["tags"])
    assert not page.body.startswith("---")
    # "authors: ['default']" is a starter blog's placeholder, not a person.
    assert not AuthorPage.objects.filter(title__iexact="default").exists()


def test_bodies_have_no_platform_leftovers_and_no_mojibake(imported):
    seeds, _run = imported
    for path in seeds.values():
        page = page_from(path)
        for text in (page.title, page.summary, page.body, page.body_html):
            assert not MOJIBAKE.search(text), path.name
            for phrase in LEFTOVERS:
                assert phrase.lower() not in text.lower(), (path.name, phrase)
    # 001's "weekendâ€™s" was repaired, not deleted.
    assert "weekend\u2019s" in page_from(seeds["001"]).body


def test_every_seed_post_has_authors(imported):
    seeds, _run = imported
    owner = get_user_model().objects.get(username="editor")
    for path in seeds.values():
        # None of the files names a real author, so each gets the owner's own profile.
        assert [a.user for a in page_from(path).ordered_authors] == [owner], path.name


def test_without_an_owner_a_byline_comes_from_the_footer_or_a_placeholder(seeds):
    run = run_import(seeds_folder())
    assert not run.failed, run.text
    footer = re.search(r"Read articles from (.+?) directly", seeds["003"].read_text("utf-8"))
    assert [a.title for a in page_from(seeds["003"]).ordered_authors] == [footer.group(1)]
    for key in ("000", "001", "002", "004"):
        assert [a.title for a in page_from(seeds[key]).ordered_authors] == ["Unknown author"]
    assert not AuthorPage.objects.filter(live=True).exists()  # made as drafts


def test_the_log_lists_what_was_removed(imported):
    seeds, run = imported
    entry = import_entry(page_from(seeds["002"]))
    assert "Leave a Comment" in entry.message
    assert "Leave a Comment" in run.out and "Top comments (0)" in run.out


def test_importing_the_seeds_again_changes_nothing(imported):
    before = counts()
    run = run_import(seeds_folder(), owner="editor")
    assert "unchanged 5" in run.out, run.text
    assert counts() == before


def test_published_seed_posts_render_without_leftovers(seeds, client):
    run = run_import(seeds_folder(), publish=True)
    assert not run.failed, run.text
    for page in JourneyStoryPage.objects.all():
        assert page.live
        response = client.get(page.url)
        assert response.status_code == 200
        article = BeautifulSoup(response.content, "html.parser").find("main").get_text(" ")
        for phrase in LEFTOVERS:
            assert phrase.lower() not in article.lower(), (page.title, phrase)
        assert not MOJIBAKE.search(article)
