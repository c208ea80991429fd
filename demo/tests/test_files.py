"""demo/files.py: every demo file read before anything is written, each problem named with
its file and line, the way the importer names them."""

import pytest

from demo.files import AUTHORS_FOLDER, CONTENT_DIR, read_author, read_content, read_site
from importer.problems import ImportProblem

AUTHOR = """---
name: Ada Example
location: Lagos, Nigeria
colour: "#1f6f5c"
links:
  - kind: github
    url: https://example.com/ada
---

Writes about **queues**.
"""


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problem(reader, path):
    with pytest.raises(ImportProblem) as raised:
        reader(path)
    return raised.value.line, raised.value.message


def test_the_demo_folder_reads_without_a_problem():
    content = read_content(CONTENT_DIR)
    assert content.problems == []
    assert len(content.authors) == len(list((CONTENT_DIR / AUTHORS_FOLDER).glob("*.md")))
    assert {piece.story.kind for piece in content.pieces} == {"story", "tutorial"}
    assert content.site.featured and content.site.series


def test_an_author_file_is_front_matter_and_a_bio(tmp_path):
    author = read_author(write(tmp_path, "ada-example.md", AUTHOR))
    assert (author.slug, author.name, author.location) == (
        "ada-example",
        "Ada Example",
        "Lagos, Nigeria",
    )
    assert author.links == (("github", "https://example.com/ada"),)
    assert author.bio == "Writes about **queues**."


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("location:", "place:"), 3, "place: an author file's keys are name, location"),
        (('"#1f6f5c"', "green"), 4, "colour: expected a colour such as"),
        (("kind: github", "kind: myspace"), 5, "links: 'myspace' is not one of website"),
        (("https://example.com/ada", "javascript:alert(1)"), 5, "links: 'javascript:alert(1)'"),
        (("name: Ada Example", "name: [Ada"), 3, "broken YAML front matter"),
    ],
)
def test_a_broken_author_file_is_named_with_its_line(tmp_path, change, line, message):
    path = write(tmp_path, "ada.md", AUTHOR.replace(*change))
    found_line, found_message = problem(read_author, path)
    assert found_line == line
    assert found_message.startswith(message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("home:\n  title: x\nseries: oops\n", 3, "series: expected a list"),
        ("featured:\n  - a\n  b: c\n", 3, "broken YAML"),
        ("indexes:\n  story: journeys\n", 1, "indexes: each type's index is"),
    ],
)
def test_a_broken_site_file_is_named_with_its_line(tmp_path, text, line, message):
    found_line, found_message = problem(read_site, write(tmp_path, "site.yaml", text))
    assert (found_line, found_message[: len(message)]) == (line, message)


def test_every_broken_file_is_reported_at_once(tmp_path):
    write(tmp_path, "site.yaml", "series: []\n")
    write(tmp_path, f"{AUTHORS_FOLDER}/ada.md", AUTHOR.replace("colour", "color"))
    write(tmp_path, "stories/empty.md", "")
    write(tmp_path, "stories/README.md", "How to write a demo story: not a story itself.")
    write(tmp_path, "stories/fine.md", "---\ntitle: Fine\n---\n\nA fine story.\n")
    content = read_content(tmp_path)
    failures = sorted(failure.describe() for failure in content.problems)
    assert failures == [
        f"{tmp_path / AUTHORS_FOLDER / 'ada.md'}, line 4: color: an author file's keys are "
        "name, location, colour, links",
        f"{tmp_path / 'stories' / 'empty.md'}: the file is empty",
    ]
    assert [piece.story.title for piece in content.pieces] == ["Fine"]
