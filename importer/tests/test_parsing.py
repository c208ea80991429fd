"""Reading a whole file (``importer/parsing.py``): every problem names what is wrong and its
line, from whichever step finds it."""

import pytest

from .import_helpers import problem


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
