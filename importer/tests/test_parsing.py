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
        # YAML reads 2024-13-45 as a timestamp and fails on it: reported like any bad date.
        ("---\ntitle: x\ndate: 2024-13-45\n---\nText", "date: cannot read '2024-13-45'", 3),
        ("---\ntitle: x\ntags: 42\n---\nText", "tags: expected a list or a comma-separated", 3),
        ("---\ntitle: x\nauthors: 7\n---\nText", "authors: expected a list or a comma", 3),
        ("---\ntitle: x\ntags: {a: b}\n---\nText", "tags: expected names", 3),
        # The key as the file writes it, not the name the importer knows it by.
        ("---\ntitle: x\ndatePublished: soon\n---\nText", "datePublished: cannot read", 3),
    ],
)
def test_problems_name_what_is_wrong_and_where(data, message, line):
    found = problem(data)
    assert message in found.message
    assert found.line == line


# Bytes that are not text in any encoding: each of these was once read as Korean, Cyrillic,
# Central European or Japanese by a detector that finds some reading for almost anything.
@pytest.mark.parametrize(
    "data",
    [
        b"Title line\n\n" + b"\x81\x8d\x8f\x90\x9d" * 30 + b"\n",  # cp949: Hangul, no spaces
        b"Title line\n\nSome words \x81\x8d\x8f\x90\x9d here.\n",  # cp1125: Cyrillic in English
        "Café story\n\nSome text with ".encode("latin-1") + b"\x81\x8d\x90\x9d bytes.\n",
        b"Title\n\n" + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 20,  # broken UTF-8
    ],
)
def test_bytes_no_encoding_reads_as_text_fail_instead_of_becoming_gibberish(data):
    found = problem(data, "post.txt")
    assert "cannot tell the text encoding" in found.message
    assert found.line is not None


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Mój pierwszy rok\n\nZacząłem pracę w sklepie w Łodzi, uczyłem się wieczorami.", "cp1250"),
        ("Мой путь в бэкенд\n\nЯ работал кассиром, по вечерам учил Python и Django.", "cp1251"),
        ("백엔드 개발자가 된 이야기\n\n저는 편의점에서 일했고 밤마다 공부했습니다.", "cp949"),
        ("バックエンドへの道\n\n私はコンビニで働いていました。毎晩勉強しました。", "shift_jis"),
        ("Über meinen Weg\n\nIch habe in einer Bäckerei gearbeitet und abends gelernt.", "latin-1"),
    ],
)
def test_other_encodings_are_detected(text, encoding):
    story = parse(text.encode(encoding), "post.txt")
    title, body = text.split("\n\n")
    assert (story.title, story.body) == (title, body)


def test_hashnode_export_dates_in_javascripts_format():
    story = parse(
        "---\ntitle: From Hashnode\n"
        "datePublished: Mon Feb 12 2024 23:30:00 GMT+0530 (India Standard Time)\n"
        "---\n" + TEXT
    )
    assert story.original_published_at == datetime.date(2024, 2, 12)
    assert not any("not used" in note for note in story.notes)


def test_the_original_date_is_the_day_the_writer_wrote_in_their_time_zone():
    story = parse(f"---\ntitle: Late\ndate: 2023-08-14T23:30:00-07:00\n---\n{TEXT}")
    assert story.original_published_at == datetime.date(2023, 8, 14)  # 06:30 on the 15th in UTC


def test_jekyll_space_separated_categories_and_tags_are_tags_together():
    story = parse(
        "---\nlayout: post\ntitle: Queues\ncategories: python celery\ntags: [Redis, python]\n"
        f"---\n{TEXT}"
    )
    assert story.tags == ["Redis", "python", "celery"]
    assert parse(f"---\ntitle: A\ntags: docker, dev ops\n---\n{TEXT}").tags == [
        "docker",
        "dev ops",
    ]


def test_the_excerpt_separator_gives_the_summary_and_leaves_the_body():
    story = parse(f"---\ntitle: A\n---\nThe opening words.\n<!--more-->\n\n{TEXT}")
    assert story.summary == "The opening words."
    assert story.body == f"The opening words.\n\n{TEXT}"
    own = parse(f"---\ntitle: A\nexcerpt_separator: '[cut]'\n---\nFirst bit. [cut] {TEXT}")
    assert (own.summary, own.body) == ("First bit.", f"First bit. {TEXT}")
    assert not any("not used" in note for note in own.notes)


def test_a_series_on_a_story_is_reported_not_dropped_silently():
    story = parse(f"---\ntitle: A\nseries: Night school\n---\n{TEXT}")
    assert any("series “Night school” left out" in note for note in story.notes)


def test_unused_keys_are_named_as_the_file_writes_them():
    story = parse(
        f"---\ntitle: A\nexcerptSeparator: x\ncoverImage: a.png\nogImage: b.png\n---\n{TEXT}"
    )
    assert "front matter keys not used: ogImage" in story.notes


def test_a_link_in_a_footer_is_the_canonical_url_only_when_it_is_a_web_address():
    footer = "\n\nOriginally published at [my blog](https://ann.example/a-post).\n"
    body = f"{TEXT}\n\nA second paragraph.\n\nA third one.\n\nThe end."
    story = parse(f"---\ntitle: A\n---\n{body}{footer}")
    assert (story.canonical_url, story.body) == ("https://ann.example/a-post", body)
    broken = footer.replace("https://ann.example/a-post", "https://" + "a" * 600)
    story = parse(f"---\ntitle: A\n---\n{body}{broken}")
    assert (story.canonical_url, story.body) == ("", body)


# Hostile front matter: refused with its line before anything expands or recurses ----------


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        ("---\ntitle: x\nbase: &b {city: Nairobi}\nmore:\n  <<: *b\n---\nText",
         "YAML anchors and aliases (&a, *a) are not allowed in front matter (found &b)", 3),
        ("---\ntitle: x\nlist: [1, 2]\ncopy: *b\n---\nText", "(found *b)", 4),
        ("---\ntitle: !!binary aGk=\n---\nText", "the YAML tag !!binary is not allowed", 2),
        ("---\ntitle: x\ntags: !!set {a, b}\n---\nText", "the YAML tag !!set is not", 3),
        ("---\ntitle: !shout x\n---\nText", "the YAML tag !shout is not allowed", 2),
        ("---\ntitle: x\n" + "".join(" " * n + f"k{n}:\n" for n in range(40)) + "---\nText",
         "nested more than 10 levels deep", 13),
        ("---\ntitle: x\ntags: " + "[" * 11 + "]" * 11 + "\n---\nText", "nested more than 10", 3),
        # The brackets in the title are text: the line is the one that nests.
        ('+++\ntitle = "[[[[[[[[[[[[ # {{{{"\ntags = ' + "[" * 5000 + "]" * 5000 + "\n+++\nText",
         "nested more than 10 levels deep", 3),
        ("+++\ntitle = 'x'\n[a.b.c.d.e.f.g.h.i.j]\nk = 1\n+++\nText", "nested more than 10", 3),
        ("+++\ntitle = 'x'\nyear = " + "1" * 5000 + "\n+++\nText",
         "broken TOML front matter: a number is too long to read", None),
        ("+++\ntitle = 'x'\n" + "a" + ".b" * 1001 + " = 1\n+++\nText",
         "the TOML front matter has more than 1,000 dots", 1),
        ("+++\ntitle = '" + "x" * 70_000 + "'\n+++\nText",
         "the TOML front matter is 68 KB; the limit is 64 KB", 1),
    ],
)  # fmt: skip
def test_hostile_front_matter_is_refused_with_its_line(data, message, line):
    found = problem(data)
    assert message in found.message
    assert found.line == line


def test_nesting_up_to_the_limit_still_reads():
    yaml_story = parse("---\ntitle: x\nextra: " + "[" * 9 + "1" + "]" * 9 + f"\n---\n{TEXT}")
    toml_story = parse("+++\ntitle = 'x'\nextra = " + "[" * 9 + "1" + "]" * 9 + f"\n+++\n{TEXT}")
    assert yaml_story.title == toml_story.title == "x"
    assert any("front matter keys not used: extra" in note for note in yaml_story.notes)


def test_plain_yaml_tags_and_long_numbers_stay_values():
    story = parse(f"---\ntitle: !!str 2024\nsummary: {'1' * 5000}\n---\n{TEXT}")
    assert story.title == "2024"
    assert story.summary.startswith("1111")  # over Python's 4,300 digits: kept as text
