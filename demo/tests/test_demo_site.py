"""What one run of load_demo_content builds, on a production-like site (no demo accounts):
every file in demo/content is a page as written, and readers can open them all. The demo is
loaded once for the module; the tests only read it."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from taggit.models import Tag
from wagtail.models import Page

from blog import kinds
from blog.models import ArticlePage, AuthorPage, JourneyStoryPage, TutorialPage
from blog.tests import factories as f
from demo.files import AUTHORS_FOLDER, CONTENT_DIR, PAGES_FOLDER
from importer.parsing import parse_story
from importer.services import collect_sources

from .test_load_demo_content import load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with f.kept_for_the_module(django_db_blocker, tmp_path_factory), override_settings(DEBUG=False):
        load()
        yield


@pytest.fixture
def demo_site(demo_loaded, db, settings):
    settings.DEBUG = False


def test_demo_fills_the_site(client, demo_site):
    stories = JourneyStoryPage.objects.visible()
    tutorials = TutorialPage.objects.visible()
    assert stories.count() >= 6
    assert JourneyStoryPage.objects.filter(live=False).exists()  # a draft, for the editors
    assert tutorials.count() >= 4
    assert tutorials.exclude(series=None).values("series").distinct().count() >= 2
    authors = AuthorPage.objects.visible()
    assert authors.count() >= 5
    assert not authors.filter(avatar=None).exists()
    assert not stories.filter(cover_image=None).exists()
    assert Tag.objects.count() >= 5
    for page in [*stories, *tutorials, *authors, *Page.objects.live().filter(depth__in=[2, 3])]:
        assert client.get(page.url).status_code == 200, page.url
    draft = JourneyStoryPage.objects.get(live=False)
    assert draft.title not in client.get("/journeys/").content.decode()


def test_demo_has_an_about_page_and_a_code_of_conduct_in_the_footer(client, demo_site):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    footer = {link.text: link["href"] for link in soup.select(".site-footer a")}
    assert footer["About Backend Journeys"] == "/about/"
    assert footer["Code of conduct"] == "/code-of-conduct/"
    for url, heading in [("/about/", "Why it exists"), ("/code-of-conduct/", "What we expect")]:
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert heading in [h2.text for h2 in page.select("main .prose h2")], url


# What demo/content holds is what the site shows -------------------------------------------

FENCED = re.compile(r"^```[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def demo_pieces():
    """(path, what the importer reads in it) for every story and tutorial file."""
    files, _problems = collect_sources([CONTENT_DIR])
    others = (CONTENT_DIR / AUTHORS_FOLDER, CONTENT_DIR / PAGES_FOLDER)
    return [
        (path, parse_story(path.read_bytes(), name=path.name))
        for path, _root in files
        if not any(path.is_relative_to(folder) for folder in others)
    ]


def test_every_demo_file_is_a_page_as_written(client, demo_site):
    pieces = demo_pieces()
    assert len(pieces) == ArticlePage.objects.count() >= 10
    code_samples = 0
    for path, story in pieces:
        page = kinds.model_for(story.kind).objects.get(title=story.title)
        assert page.live is not story.draft, path
        assert page.body == story.body, path
        assert page.original_published_at == story.original_published_at, path
        if page.live:
            assert page.first_published_at == story.first_published_at, path  # back-dated
            assert client.get(page.url).status_code == 200, path
        # Code samples survive byte for byte: in the stored Markdown and in what readers get.
        samples = FENCED.findall(path.read_text(encoding="utf-8"))
        shown = [
            code.get_text()
            for code in BeautifulSoup(page.body_html, "html.parser").select("pre code")
        ]
        assert shown == samples, path
        code_samples += len(samples)
    assert code_samples >= 20
    profiles = sorted(CONTENT_DIR.joinpath(AUTHORS_FOLDER).glob("*.md"))
    assert [p.stem for p in profiles] == list(
        AuthorPage.objects.live().order_by("slug").values_list("slug", flat=True)
    )
