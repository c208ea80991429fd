"""Reading a story file: its bytes to ``StoryData``, the one way in for every importer.

``read_document`` decodes the bytes (``encoding``), repairs the text (``cleaning``) and
splits off the front matter (``frontmatter``); ``story_from_document`` (``mapping``) reads
the fields. ``parse_story`` does both, and ``parse_story_bounded`` does it in a child
process stopped after ``READ_SECONDS``. Everything wrong with a file raises
``importer.problems.ImportProblem`` with the line when there is one; nothing here touches
the database.
"""

from pathlib import PurePath

from blog.bounded import BoundedWorkError, run_bounded

from . import cleaning
from .encoding import decode
from .frontmatter import Document, load_front_matter, split_front_matter
from .mapping import story_from_document
from .problems import ImportProblem

MAX_FILE_BYTES = 2 * 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}
TEXT_SUFFIXES = {".txt", ".text", ""}
SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
# The longest a file may take to decode and parse (Markdown is formatted later, under its own
# limit): real posts take a few hundredths of a second.
READ_SECONDS = 5


def read_document(data, *, name):
    """Decode and split a file. ``name`` decides Markdown (.md) or plain text otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportProblem(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    text, _encoding = decode(data)
    text = cleaning.fix_text(text)
    if not text.strip():
        raise ImportProblem("the file is empty")
    fmt, raw, body, body_line = split_front_matter(text)
    if fmt:
        meta, key_lines, key_names = load_front_matter(fmt, raw)
    else:
        meta, key_lines, key_names = {}, {}, {}
    markdown = bool(fmt) or PurePath(name).suffix.lower() in MARKDOWN_SUFFIXES
    return Document(meta, body, markdown, fmt, body_line, key_lines, key_names)


def parse_story(data, *, name, today=None):
    """Bytes of one file → ``StoryData``. Raises ``ImportProblem``."""
    return story_from_document(read_document(data, name=name), today=today)


def parse_story_bounded(data, *, name):
    """``parse_story`` in a child process stopped after ``READ_SECONDS`` (``blog/bounded.py``):
    its decoding, YAML and clean-up heuristics all run on text a stranger sent."""
    try:
        return run_bounded(parse_story, data, name=name, seconds=READ_SECONDS)
    except BoundedWorkError as failure:
        if failure.reason == "budget":
            raise ImportProblem(
                "there was no time left to read it with the other files sent at the same "
                "time. Send it again on its own."
            ) from None
        reason = {
            "timeout": f"reading it takes longer than {READ_SECONDS} seconds",
            "recursion": "it is nested too deeply to read",
            "memory": "reading it needs too much memory",
        }.get(failure.reason, "the reader stopped on it")
        raise ImportProblem(
            f"{reason}. Simplify it: long runs of brackets or emphasis marks, deeply nested "
            "lists or front matter are the usual causes."
        ) from None
