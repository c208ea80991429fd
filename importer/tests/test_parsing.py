"""Reading a story file: encodings, front matter in the usual dialects, fields and errors."""

import datetime

import pytest

from importer.parsing import ImportProblem, parse_story

TEXT = "I moved from a till to a terminal, one evening class at a time."


def parse(data, name="post.md"):
    return parse_story(data.encode() if isinstance(data, str) else data, name=name)


def problem(data, name="post.md"):
    with pytest.raises(ImportProblem) as info:
        parse(data, name)
    return info.value


def test_dev_to_front_matter():
    story = parse(
        "---\ntitle: From DEV\npublished: false\ndescription: A short one.\n"
        "tags: python, career\ncanonical_url: https://dev.to/a/b\n"
        "cover_image: https://img.example/c.png\nseries: Night school\n---\n\n" + TEXT
    )
    assert (story.title, story.summary, story.draft) == ("From DEV", "A short one.", True)
    assert story.tags == ["python", "career"]
    assert story.canonical_url == "https://dev.to/a/b"
    assert story.cover_image == "https://img.example/c.png"


def test_jekyll_and_hugo_keys():
    story = parse(
        "---\ntitle: Jekyll\ndate: 2020-02-03 10:00:00 +0100\ncategories: [web, sql]\n"
        "excerpt: From Jekyll.\nauthor: Ada Obi\n---\n" + TEXT
    )
    assert story.original_published_at == datetime.date(2020, 2, 3)
    assert story.tags == ["web", "sql"] and story.authors == ["Ada Obi"]
    assert story.summary == "From Jekyll."


def test_toml_front_matter():
    story = parse(
        '+++\ntitle = "Hugo"\ndate = 2021-04-05\ntags = ["go"]\ndraft = true\n'
        'canonicalURL = "https://ex.com/h"\n+++\n' + TEXT
    )
    assert (story.title, story.original_published_at) == ("Hugo", datetime.date(2021, 4, 5))
    assert story.tags == ["go"] and story.draft
    assert story.canonical_url == "https://ex.com/h"


def test_tags_as_a_list_or_a_comma_string_are_the_same():
    listed = parse(f"---\ntitle: A\ntags: [Python, '#django', python]\n---\n{TEXT}").tags
    commas = parse(f"---\ntitle: A\ntags: 'Python, #django, python'\n---\n{TEXT}").tags
    assert listed == commas == ["Python", "django"]


def test_tutorial_fields():
    story = parse(
        "---\ntitle: T\ntype: tutorial\nlevel: hard\nestimated_time: PT1H15M\n"
        "prerequisites: [Python, Git]\nseries: {name: Basics, part: 2}\n---\n" + TEXT
    )
    assert (story.kind, story.difficulty, story.estimated_minutes) == ("tutorial", "advanced", 75)
    assert story.prerequisites == "Python\nGit"
    assert (story.series, story.series_position) == ("Basics", 2)


def test_encodings_and_line_endings():
    expected = "Café story"
    for data in (
        f"\ufeff{expected}\r\n\r\n{TEXT}".encode(),
        f"{expected}\n\n{TEXT}".encode("utf-16"),
        f"{expected}\n\n{TEXT}".encode("cp1252"),
        f"{expected}\n\n{TEXT}".encode("utf-16-le"),
    ):
        story = parse(data, "post.txt")
        assert (story.title, story.body) == (expected, TEXT)


def test_plain_text_title_rules():
    assert parse(f"My title\n\nMy title\n\n{TEXT}", "a.txt").body == TEXT
    story = parse(f"{TEXT} And more.\nSecond line.", "a.txt")
    assert story.title == TEXT.rstrip(".")
    assert any("no title line" in note for note in story.notes)


def test_a_long_summary_is_cut_to_fit():
    story = parse(f"---\ntitle: A\nsummary: {'word ' * 100}\n---\n{TEXT}")
    assert len(story.summary) <= 300 and story.summary.endswith("…")


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary file", None),
        ("---\ntitle: [a\n---\nText", "broken YAML front matter", 2),
        ("---\n- a list\n---\nText", "not a list of keys and values", 2),
        ("+++\ntitle = \n+++\nText", "broken TOML front matter", 2),
        ("---\ntitle: x\ndate: someday\n---\nText", "date: cannot read 'someday' as a date", 3),
        ("---\ntitle: x\ndifficulty: extreme\n---\nText", "not beginner, intermediate", 3),
        ("---\ntitle: Only a title\n---\n\n", "the story has a title but no text", 4),
        (b"Title\n\n" + bytes(range(0x80, 0xA0)) * 8, "cannot tell the text encoding", 3),
        (b"Title\n\nText \x81\x8d in mostly ASCII text, " * 3, "cannot tell the text", 3),
    ],
)
def test_problems_name_what_is_wrong_and_where(data, message, line):
    found = problem(data)
    assert message in found.message
    assert found.line == line
