"""Bytes to text (``importer/encoding.py``): byte-order marks, UTF-16 without one, other
encodings detected, and bytes that are text in no encoding refused."""

import pytest

from .import_helpers import TEXT, parse, problem


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
