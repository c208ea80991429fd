"""Front matter (``importer/frontmatter.py``): TOML as well as YAML, and hostile front matter
refused with its line before anything expands or recurses."""

import datetime

import pytest

from .import_helpers import TEXT, parse, problem


def test_toml_front_matter():
    story = parse(
        '+++\ntitle = "Hugo"\ndate = 2021-04-05\ntags = ["go"]\ndraft = true\n'
        'canonicalURL = "https://ex.com/h"\n+++\n' + TEXT
    )
    assert (story.title, story.original_published_at) == ("Hugo", datetime.date(2021, 4, 5))
    assert story.tags == ["go"] and story.draft
    assert story.canonical_url == "https://ex.com/h"


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
