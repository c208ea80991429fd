"""Acceptance 2 and 5: bad files fail alone, with a message and nothing left behind, and
hostile Markdown in an imported file reaches no reader page as active content."""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.management.base import CommandError

from blog.models import AuthorPage, JourneyStoryPage, TutorialPage
from blog.tests.test_security import active_content
from importer.management.commands.import_stories import Command

from .import_helpers import LAUGHS, counts, run_import, site_tree, story_file, write

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
BAD_FILES = {
    "billion-laughs.md": (
        f"---\ntitle: Laughs\n{LAUGHS}\n---\n\nBody.\n".encode(),
        "YAML anchors and aliases (&a, *a) are not allowed in front matter (found &lol0)",
        3,
    ),
    "merge-key.md": (
        b"---\ntitle: Merge\nbase: &base {city: Nairobi}\njourney:\n  <<: *base\n---\n\nBody.\n",
        "YAML anchors and aliases (&a, *a) are not allowed in front matter (found &base)",
        3,
    ),
    "python-tag.md": (
        b"---\ntitle: Tag\nsummary: !!python/object/apply:os.system ['true']\n---\n\nBody.\n",
        "the YAML tag !!python/object/apply:os.system is not allowed in front matter",
        3,
    ),
    "deep-yaml.md": (
        ("---\ntitle: Deep\ntags: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\nBody.\n").encode(),
        "the front matter is nested more than 10 levels deep",
        3,
    ),
    "deep-toml.md": (
        (
            '+++\ntitle = "Deep"\ntags = ' + "[" * 20_000 + "]" * 20_000 + "\n+++\n\nBody.\n"
        ).encode(),
        "the front matter is nested more than 10 levels deep",
        3,
    ),
    "long-toml-key.md": (
        ("+++\na." + ".".join(["b"] * 5000) + ' = 1\ntitle = "Dots"\n+++\n\nBody.\n').encode(),
        "the TOML front matter has more than 1,000 dots",
        1,
    ),
    "huge-front-matter.md": (
        ("---\ntitle: Huge\nsummary: " + "word " * 14_000 + "\n---\n\nBody.\n").encode(),
        "the YAML front matter is 68 KB; the limit is 64 KB",
        1,
    ),
    "empty.md": (b"", "the file is empty", None),
    "blank.txt": (b"\xef\xbb\xbf \n\r\n\t\n", "the file is empty", None),
    "binary.md": (PNG, "binary file (image/png)", None),
    "nul.txt": (b"Title\n\nText\x00\x01\x02 more", "binary file", None),
    "broken-yaml.md": (
        b"---\ntitle: Fine\ntags: [one, two\ndate: 2024-01-01\n---\n\nBody.\n",
        "broken YAML front matter",
        4,
    ),
    "broken-toml.md": (b'+++\ntitle = "Fine"\ndate = \n+++\n\nBody.\n', "broken TOML", 3),
    "unclosed.md": (b"---\ntitle: Never closed\n\nBody.\n", "never closes", 1),
    "undecodable.txt": (
        b"A title\n\n" + bytes(range(0x80, 0xA0)) * 8,
        "cannot tell the text encoding",
        3,
    ),
    "impossible-date.md": (
        b"---\ntitle: Fine\ndate: 2024-13-45\n---\n\nBody.\n",
        "date: cannot read '2024-13-45' as a date",
        3,
    ),
    "tags-number.md": (
        b"---\ntitle: Fine\ntags: 42\n---\n\nBody.\n",
        "tags: expected a list or a comma-separated text, not 42",
        3,
    ),
    "list-front-matter.md": (b"---\n- title\n- date\n---\n\nBody.\n", "not a list of keys", 2),
    "latin1-stray-bytes.txt": (
        "Café story\n\nSome text with ".encode("latin-1") + b"\x81\x8d\x90\x9d bytes.\n",
        "cannot tell the text encoding",
        1,
    ),
    # Drafts are saved with Wagtail's minimal checks: these reached the database (an error
    # on PostgreSQL, a value too long kept on SQLite) before every field was checked.
    "long-city.md": (
        story_file("Fine", city="x" * 500).encode(),
        "city: Ensure this value has at most 100 characters (it has 500)",
        3,
    ),
    "negative-duration.md": (
        story_file("Fine", type="tutorial", duration=-5).encode(),
        "estimated_minutes: Ensure this value is greater than or equal to 1",
        4,
    ),
    "nul-in-title.md": (b'---\ntitle: "a\\0b"\n---\n\nBody.\n', "title: contains a control", 2),
    "long-title.md": (story_file("T" * 300).encode(), "the title is 300 characters long", 2),
    "long-title.txt": (
        ("Word " * 70).strip().encode() + b"\n\nThe body of a plain text file.\n",
        "the title is 349 characters long",
        1,
    ),
}


@pytest.fixture(autouse=True)
def tree():
    return site_tree()


def test_each_bad_file_fails_with_its_name_problem_and_line_and_leaves_nothing(tmp_path):
    for name, (data, _problem, _line) in BAD_FILES.items():
        write(tmp_path, name, data)
    before = counts()
    run = run_import(tmp_path)
    assert run.failed
    assert counts() == before
    assert (
        f"{len(BAD_FILES)} file(s): created 0, updated 0, unchanged 0, failed {len(BAD_FILES)}"
        in run.out
    )
    for name, (_data, problem, line) in BAD_FILES.items():
        path = tmp_path / name
        where = f"{path}, line {line}: " if line else f"{path}: "
        message = next(m for m in run.err.splitlines() if str(path) + ":" in m or f"{path}," in m)
        assert where in message and problem in message, message


def test_bad_files_do_not_stop_the_good_ones(tmp_path):
    write(tmp_path, "a-good.md", story_file("Good before"))
    write(tmp_path, "b-bad.md", b"\x00\x01binary")
    write(tmp_path, "c-bad.md", story_file("Bad author", authors=["A" * 300]))
    write(tmp_path, "d-good.txt", "Good after\n\nPlain text that follows a broken file.\n")
    run = run_import(tmp_path)
    assert run.failed
    assert sorted(JourneyStoryPage.objects.values_list("draft_title", flat=True)) == [
        "Good after",
        "Good before",
    ]
    assert "created 2, updated 0, unchanged 0, failed 2" in run.out
    assert "c-bad.md, line 3: an author's name is longer than 255 characters" in run.err
    assert not AuthorPage.objects.filter(title__startswith="AAAA").exists()


def test_the_exit_status_is_non_zero_when_a_file_failed(tmp_path, monkeypatch):
    # run_from_argv closes the connections when it ends; the test's transaction needs them.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    good = write(tmp_path, "good.md", story_file("Fine"))
    bad = write(tmp_path, "bad.md", b"")
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", "import_stories", str(good), str(bad)])
    assert exit_info.value.code == 1
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.run_from_argv(["manage.py", "import_stories", str(good)])  # no SystemExit


def test_a_missing_path_is_a_failure_and_no_files_at_all_an_error(tmp_path):
    run = run_import(tmp_path / "nowhere.md", write(tmp_path, "ok.md", story_file("Ok")))
    assert run.failed and "nowhere.md: no such file or folder" in run.err
    assert JourneyStoryPage.objects.count() == 1
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(CommandError, match=r"No \.md or \.txt files"):
        Command().handle(paths=[str(tmp_path / "empty-folder")], verbosity=1)


# Hostile Markdown --------------------------------------------------------------------------

SCRIPT = "<script>window.__xss = 1</script>"
IMG = '<img src="x" onerror="window.__xss = 2">'
LINK = "[click](javascript:window.__xss=3)"
HOSTILE_BODY = "\n\n".join(
    [
        f"## Heading {IMG}",
        SCRIPT,
        IMG,
        LINK,
        '<a href="javascript:window.__xss=4" onclick="window.__xss=5">a</a>',
        '<div onmouseover="window.__xss=6">hover</div>',
        "<svg onload=\"window.__xss=7\"><circle r='1'/></svg>",
        '<iframe src="javascript:window.__xss=8"></iframe>',
        "[ref][1]\n\n[1]: javascript:window.__xss=9",
        "Text that stays.",
    ]
)


def hostile_files(folder):
    write(
        folder,
        "story.md",
        "---\n"
        f"title: 'Hostile {SCRIPT} title'\n"
        f"summary: 'Summary {IMG} {LINK}'\n"
        f"tags: ['tag {SCRIPT}', '<b onmouseover=\"window.__xss=10\">bold</b>', 'javascript:x']\n"
        f"authors: ['Mallory {SCRIPT}', 'Eve {IMG}']\n"
        "date: 2023-02-01\n"
        "starting_point: 'cashier <script>window.__xss=11</script>'\n"
        "---\n\n" + HOSTILE_BODY + "\n",
    )
    write(
        folder,
        "tutorial.md",
        "---\n"
        f"type: tutorial\ntitle: 'Tutorial {IMG}'\nauthors: 'Mallory {SCRIPT}'\n"
        f"prerequisites: ['Item {SCRIPT}', '{IMG}']\ntags: 'safe, tag {SCRIPT}'\n"
        "---\n\n" + HOSTILE_BODY + "\n",
    )
    write(folder, "plain.txt", f"Plain {SCRIPT} story\n\n{IMG} and {LINK} in plain text.\n")


def feed_problems(content):
    """Active content in a feed: raw markup in the XML, a javascript: link, or active
    content in the HTML that items carry. Titles, names, categories and the channel's
    description are text in RSS and Atom: markup in them is escaped text, which parsing
    the XML proves."""
    assert b"<script" not in content.lower()
    found = []
    root = ET.fromstring(content)  # noqa: S314 (our own server's response)
    items = [*root.iter("item"), *root.iter("{http://www.w3.org/2005/Atom}entry")]
    for element in (part for item in items for part in item.iter()):
        if element.tag.rsplit("}", 1)[-1] in {"description", "content", "summary"}:
            found += active_content(element.text or "")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in {"href", "src", "uri"} and value.strip().lower().startswith("javascript:"):
                found.append(f"{element.tag} {name}={value}")
    return found


def test_hostile_markdown_renders_harmless_on_every_page_that_shows_it(tmp_path, client):
    hostile_files(tmp_path)
    run = run_import(tmp_path, publish=True)
    assert not run.failed, run.text
    for author in AuthorPage.objects.filter(live=False):  # an editor publishes the profiles
        author.save_revision().publish()
    story = JourneyStoryPage.objects.get(title__startswith="Hostile")
    pages = [*JourneyStoryPage.objects.all(), TutorialPage.objects.get()]
    assert all(p.live for p in pages) and len(pages) == 3
    tags = {tag for page in pages for tag in page.tags.all()}
    authors = list(AuthorPage.objects.filter(live=True))
    assert {a.title for a in authors} >= {f"Mallory {SCRIPT}", f"Eve {IMG}"}
    urls = ["/", "/journeys/", "/tutorials/", "/authors/", "/tags/", "/search/?q=Hostile"]
    urls += ["/search/?q=Mallory", "/search/?q=Plain", "/search/?q=Tutorial"]
    urls += [page.url for page in pages] + [author.url for author in authors]
    urls += [f"/tags/{tag.slug}/" for tag in tags]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert active_content(html) == [], url
        assert "<script>window.__xss" not in html, url
    feeds = ["/feeds/all/rss.xml", "/feeds/all/atom.xml", "/feeds/journeys/rss.xml"]
    feeds += ["/feeds/tutorials/atom.xml"] + [f"/feeds/tags/{t.slug}/rss.xml" for t in tags]
    feeds += [f"/feeds/authors/{a.slug}/atom.xml" for a in authors]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert feed_problems(response.content) == [], url
    # The writing is still there, as text.
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert f"Hostile {SCRIPT} title" in page.find("h1").get_text()
    assert "Text that stays." in page.get_text()
