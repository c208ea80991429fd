"""Reading a story file: bytes → text → front matter and body → the fields of a page.

Front matter is YAML between ``---`` lines or TOML between ``+++`` lines. Keys are read the
way DEV.to, Hashnode, Jekyll, Hugo and the Next.js starter blogs write them (``description``
for the summary, ``published: false`` for a draft, ``canonical_url`` or ``canonicalURL``…):
a key is compared without case, ``_`` or ``-``. A file without front matter is plain text
(or Markdown, for ``.md``) whose first line is the title, or whose first sentence gives one.

Everything wrong with a file raises ``ImportProblem`` with the line when there is one;
nothing here touches the database.
"""

import datetime
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

import charset_normalizer
import filetype
import yaml
from dateutil import parser as dateparser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from ftfy import badness

from . import cleaning

MAX_FILE_BYTES = 2 * 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}
TEXT_SUFFIXES = {".txt", ".text", ""}
SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
MAX_TAGS = 30
MAX_AUTHORS = 10
TAG_MAX_LENGTH = 100  # taggit's Tag.name
CANONICAL_URL_MAX = 500  # ArticlePage.canonical_url
# A Next.js starter blog's "authors: ['default']" names its own author file, not a person.
PLACEHOLDER_AUTHORS = {"default", "admin", "author", "anonymous", "unknown"}

STORY = "story"
TUTORIAL = "tutorial"
KINDS = {
    "story": STORY, "journey": STORY, "journeystory": STORY, "post": STORY, "article": STORY,
    "blog": STORY, "blogpost": STORY,
    "tutorial": TUTORIAL, "guide": TUTORIAL, "howto": TUTORIAL, "walkthrough": TUTORIAL,
}  # fmt: skip
DIFFICULTIES = {
    "beginner": "beginner", "easy": "beginner", "basic": "beginner", "introductory": "beginner",
    "novice": "beginner",
    "intermediate": "intermediate", "medium": "intermediate", "moderate": "intermediate",
    "advanced": "advanced", "hard": "advanced", "expert": "advanced",
}  # fmt: skip

# Each field and the front-matter keys that give it, in order of preference. Keys are
# compared folded: "canonicalURL", "canonical_url" and "canonical-url" are one key.
KEYS = {
    "kind": ["type", "kind"],
    "title": ["title", "headline"],
    "summary": ["summary", "description", "excerpt", "subtitle", "brief", "abstract", "lede"],
    "original_published_at": ["original_published_at"],
    "date": ["date", "published_at", "publish_date", "pub_date", "published_on", "date_published",
             "created_at", "created", "published"],
    "first_published_at": ["first_published_at"],
    "tags": ["tags", "tag", "keywords", "topics"],
    "categories": ["categories", "category"],
    "authors": ["authors", "author", "by"],
    "draft": ["draft", "published", "status", "hidden"],
    "canonical_url": ["canonical_url", "canonical", "canonical_link", "original_url"],
    "cover_image": ["cover_image", "cover", "image", "images", "feature_image", "featured_image",
                    "hero_image", "hero", "banner", "thumbnail", "og_image"],
    "cover_image_alt": ["cover_image_alt", "cover_alt", "image_alt", "alt"],
    "slug": ["slug"],
    "excerpt_separator": ["excerpt_separator"],
    "series": ["series"],
    "series_position": ["series_position", "series_part", "series_order", "part"],
    "difficulty": ["difficulty", "level"],
    "duration": ["estimated_minutes", "duration", "estimated_time", "time_required"],
    "prerequisites": ["prerequisites", "prereqs", "requirements"],
    "starting_point": ["starting_point", "started_as", "background"],
    "country": ["country"],
    "city": ["city"],
    "journey_started_year": ["journey_started_year", "journey_started", "started_in",
                             "year_started"],
    "milestones": ["milestones", "timeline"],
}  # fmt: skip


class ImportProblem(Exception):  # noqa: N818 (a problem with a file, not a bug)
    """What is wrong with a file, and where: shown to the person importing it."""

    def __init__(self, message, *, line=None):
        super().__init__(message)
        self.message = message
        self.line = line


def _fold_key(key):
    return re.sub(r"[\s_-]", "", str(key)).casefold()


# Bytes to text -------------------------------------------------------------------------------

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
# Single-byte encodings a Western text is most likely in, preferred over charset-normalizer's
# first guess when they decode the bytes just as cleanly (it tends to answer cp1250).
_PREFERRED = ["cp1252", "iso8859_15", "latin_1"]
MOSTLY_ASCII = 0.1  # share of bytes above 127 under which a text is taken as Western
# Scripts written without spaces between words (Korean puts spaces between words).
_CJK = ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH")
# A Latin-1 symbol between two letters ("Zacz¹³em", Polish cp1250 read as cp1252) is a
# wrong guess of the encoding, not writing. Letters (ª, µ, º), the middle dot of Catalan's
# "l·l" and the acute accent some type for an apostrophe ("don\u00b4t") stay allowed.
_SYMBOL_IN_WORD = re.compile(
    r"[^\W\d_][\u00a1-\u00a9\u00ab-\u00b3\u00b6\u00b8\u00b9\u00bb-\u00bf\u00d7\u00f7]+[^\W\d_]"
)
# Korean puts a space every few syllables: a long run without one is another CJK text
# (Shift-JIS, GBK) read as Korean.
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]{15,}")
CHAOS_MARGIN = 0.1  # charset-normalizer's guesses tried: this close to its best one
NON_LATIN_SHARE = 1 / 3  # a non-Latin reading must make at least this share of the letters
_OK_CATEGORIES = ("L", "M", "N", "P", "Zs", "Sc", "Sm", "So", "Sk")


def _is_control(ch):
    """C0 controls other than whitespace, C1 controls (what an undefined byte decodes to in
    Latin-1) and the replacement character: never part of real writing."""
    code = ord(ch)
    return ch == "\ufffd" or (code < 32 and ch not in "\t\n\r\f") or 0x7F <= code < 0xA0


def _plausible(text):
    """Decoded text looks like writing: no control characters or replacement marks, mostly
    letters, digits and punctuation, with spaces or punctuation between words."""
    if not text.strip():
        return True
    if any(_is_control(ch) for ch in text) or _HANGUL_RUN.search(text):
        return False
    ok = sum(
        1 for ch in text if ch.isspace() or unicodedata.category(ch).startswith(_OK_CATEGORIES)
    )
    breaks = sum(1 for ch in text if ch.isspace() or unicodedata.category(ch).startswith("P"))
    if len(text) >= 40:
        # Words are separated by spaces, except in Chinese, Japanese and Korean.
        spaces = sum(1 for ch in text if ch in " \t\n")  # not NBSP: a misread 0xA0
        cjk = sum(1 for ch in text if unicodedata.name(ch, "").startswith(_CJK))
        if cjk < len(text) / 4 and spaces < len(text) / 20:
            return False
    return ok >= 0.9 * len(text) and (len(text) < 40 or breaks >= len(text) / 40)


def _reads_well(text, *, latin):
    """A guessed 8-bit or multi-byte reading of the bytes that a person would recognise:
    plausible text, no mojibake-like sequences (ftfy's badness), no symbols inside words,
    and, for a non-Latin script, enough of its letters that it is not Latin text with a
    few stray bytes read as Cyrillic or Hangul."""
    if not _plausible(text) or badness.is_bad(text) or _SYMBOL_IN_WORD.search(text):
        return False
    if latin:
        return _latin_only(text)
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 127)
    return not letters or foreign >= NON_LATIN_SHARE * len(letters)


def decode(data):
    """(text, encoding) for a file's bytes. UTF-8 with or without a BOM, UTF-16/32 with a
    BOM, or another encoding detected by charset-normalizer."""
    if not data.strip(b" \t\r\n\x00") or data.strip() in {bom for bom, _ in _BOMS}:
        raise ImportProblem("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as error:
                raise ImportProblem(
                    f"the file says it is {encoding} but is not: {error.reason}",
                    line=data[: error.start].count(b"\n") + 1,
                ) from None
            if encoding != "utf-8-sig" and not _plausible(text):
                raise ImportProblem(
                    f"the file starts like {encoding} text but does not read as text "
                    "(save it as UTF-8)"
                )
            return text, encoding.removesuffix("-sig")
    kind = filetype.guess(data[:8192])
    if kind is not None and not kind.mime.startswith("text/"):
        raise ImportProblem(f"this is a binary file ({kind.mime}), not text")
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise ImportProblem("this is a binary file (it contains NUL bytes), not text")
    try:
        # Valid UTF-8 is taken as it is: C1 characters in it are mojibake that ftfy repairs.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    for encoding, latin in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _reads_well(text, latin=latin):
            return text, encoding
    line = data[: utf8_error.start].count(b"\n") + 1
    raise ImportProblem(
        "cannot tell the text encoding: it is not UTF-8 and no other encoding reads it as "
        "text (save it as UTF-8)",
        line=line,
    )


def _utf16_without_bom(data):
    """(text, encoding) for UTF-16 saved without a byte-order mark (every other byte of
    ASCII text is NUL), or ``None``."""
    if len(data) % 2:
        return None
    for encoding, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls = [i % 2 for i, byte in enumerate(data) if byte == 0]
        if any(at != nul_at for at in nuls) or len(nuls) < len(data) / 8:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.strip() and _plausible(text):
            return text, encoding.removesuffix("-le").removesuffix("-be")
    return None


def _latin_only(text):
    return all(
        unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
        if ord(ch) > 127 and ch.isalpha()
    )


def _single_byte(encoding, data):
    try:
        return len(data.decode(encoding)) == len(data)
    except (UnicodeDecodeError, LookupError):
        return False


def _rank(encoding):
    """Among equally likely guesses, what a file is more often saved in today: Windows and
    ISO code pages before DOS ones, and old Mac ones last (mac_cyrillic reads cp1251 text
    with one letter wrong)."""
    if encoding.startswith("mac"):
        return 2
    if re.fullmatch(r"cp\d{3}|cp1125", encoding):
        return 1
    return 0


def _candidates(data):
    """Encodings to try, in order, as (encoding, must read as Latin script).

    A text that is almost all ASCII with a few other bytes is a Western text saved as
    cp1252 or Latin-1 (charset-normalizer, given so little to go on, answers Japanese or
    Farsi for it): those first, then a single-byte guess that reads as Latin script
    (cp1250 for Polish). Otherwise the Western encodings when they are among
    charset-normalizer's near-equal guesses, then its guesses, likeliest first: the first
    whose reading passes ``_reads_well`` wins (Shift-JIS that also decodes as Korean).
    """
    high = sum(1 for byte in data if byte > 127)
    results = list(charset_normalizer.from_bytes(data))
    results.sort(key=lambda r: (round(r.chaos, 2), _rank(r.encoding)))
    guesses = [r.encoding for r in results]
    if high < MOSTLY_ASCII * len(data):
        # A multi-byte guess would read a stray byte pair as a CJK symbol.
        return [(e, True) for e in _PREFERRED] + [
            (e, True) for e in guesses[:3] if _single_byte(e, data)
        ]
    if not results:
        return []
    best = results[0].chaos
    near = [r for r in results if r.chaos <= best + 0.01]
    names = {name for r in near for name in [r.encoding, *r.could_be_from_charset]}
    likely = [r.encoding for r in results if r.chaos <= best + CHAOS_MARGIN]
    return [(e, True) for e in _PREFERRED if e in names] + [(e, False) for e in likely]


# Front matter --------------------------------------------------------------------------------

_FENCES = {"---": "yaml", "+++": "toml"}


@dataclass
class Document:
    """A decoded file split into front matter and body."""

    meta: dict
    body: str
    markdown: bool
    meta_format: str = ""
    body_line: int = 1  # the file's line where the body starts
    key_lines: dict = field(default_factory=dict)  # folded key → line in the file
    key_names: dict = field(default_factory=dict)  # folded key → the key as the file writes it

    def line_of(self, key):
        return self.key_lines.get(_fold_key(key))


def split_front_matter(text):
    """(format, front matter text, body, body's first line) or ("", "", text, 1)."""
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in _FENCES:
        return "", "", text, 1
    closers = {fence, "..."} if fence == "---" else {fence}
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in closers:
            return _FENCES[fence], "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise ImportProblem(f"the front matter opened with {fence} never closes", line=1)


def _key_lines(raw, first_line):
    """Line of each top-level key, for messages that point at the right place."""
    found = {}
    for offset, line in enumerate(raw.split("\n")):
        # "key:", "key =", "[table]", and the first part of "a.b = 1", "[a.b]", "[[a.b]]".
        match = re.match(r"^\[{0,2}\s*([A-Za-z0-9_\-]+)\s*[.:=\]]", line)
        if match:
            found.setdefault(_fold_key(match.group(1)), first_line + offset)
    return found


MAX_FRONT_MATTER_BYTES = 64 * 1024  # a long post's front matter is a few hundred bytes
# Lists of lists of keys and values are as deep as front matter goes (milestones, series).
MAX_FRONT_MATTER_DEPTH = 10
# tomllib's time grows with the square of a dotted key's parts (8,000 parts: 2.6 s), and
# only keys hold dots in numbers like these: a front matter's URLs and dates have a few.
MAX_TOML_DOTS = 1000
# The tags plain YAML values resolve to, and "!" (a quoted scalar); anything else asks for
# a type front matter has no use for (binary, set, omap, python/object...).
_PLAIN_TAGS = {
    None, "!",
    *(f"tag:yaml.org,2002:{name}"
      for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")),
}  # fmt: skip


# libyaml's parser, when PyYAML has it: fifty times faster than the pure-Python one (a
# 64 KB flow list of 30,000 items reads in 0.2 s instead of 3 s).
_BaseLoader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _Refused(Exception):  # noqa: N818 (YAML the loader will not read, not a bug)
    def __init__(self, message, mark):
        super().__init__(message)
        self.message, self.mark = message, mark


def _refuse_unsafe_yaml(raw):
    """Walk the YAML's parse events, before anything is composed or built, and refuse
    anchors and aliases (a "billion laughs" of nested aliases is 560 bytes that read into
    a billion strings; merge keys ``<<: *a`` need them too), tags other than plain values',
    and collections nested deeper than MAX_FRONT_MATTER_DEPTH (composing recurses, so a few
    hundred "[" raise RecursionError). Raises ``_Refused`` at the first one."""
    depth = 0
    for event in yaml.parse(raw, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise _Refused(
                "YAML anchors and aliases (&a, *a) are not allowed in front matter "
                f"(found {sign}{event.anchor}): write each value out",
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            raise _Refused(
                f"the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in "
                "front matter: write plain text, numbers, dates, lists and keys",
                event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise _Refused(_too_deep(), event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _FrontMatterLoader(_BaseLoader):
    """YAML's safe loader (no arbitrary objects), for front matter that passed
    ``_refuse_unsafe_yaml``. A timestamp that is no real date ("2024-13-45"), and a number
    too long for Python to read, stay text, so the importer reports them with their key
    and line instead of failing on them."""


def _too_deep():
    return f"the front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep"


def _toml_too_deep_line(raw, first_line):
    """The line where a TOML text's inline arrays and tables first nest deeper than the
    limit: tomllib, which recursed, does not say. Skips strings and comments."""
    depth, quote, i = 0, "", 0
    while i < len(raw):
        ch = raw[i]
        if quote:
            if ch == "\\" and quote.startswith('"'):
                i += 1  # the escaped character
            elif raw.startswith(quote, i):
                i, quote = i + len(quote) - 1, ""
        elif ch in "\"'":
            quote = ch * 3 if raw.startswith(ch * 3, i) else ch
            i += len(quote) - 1
        elif ch == "#":  # a comment, to the end of its line
            end = raw.find("\n", i)
            i = len(raw) if end < 0 else end
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                return first_line + raw.count("\n", 0, i)
        elif ch in "]}":
            depth -= 1
        i += 1
    return None


def _timestamp_or_text(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _int_or_text(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # over Python's 4,300 digits
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _depth(value):
    """How deep lists and keys nest in ``value``, without recursing."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _has_control(value, depth=0):
    """A string anywhere in a front-matter value with a character no text has ("\\0" in
    YAML is NUL, which PostgreSQL refuses to store)."""
    if depth > MAX_FRONT_MATTER_DEPTH:
        return False
    if isinstance(value, str):
        return any(_is_control(ch) and ch != "\ufffd" for ch in value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return any(_has_control(item, depth + 1) for item in value)
    return False


def load_front_matter(fmt, raw):
    """Parse the front matter (it starts on the file's line 2)."""
    first_line = 2
    size = len(raw.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise ImportProblem(
            f"the {fmt.upper()} front matter is {size / 1024:.0f} KB; the limit is "
            f"{MAX_FRONT_MATTER_BYTES // 1024} KB (keep the text in the body)",
            line=first_line - 1,
        )
    if fmt == "yaml":
        try:
            _refuse_unsafe_yaml(raw)
            loader = _FrontMatterLoader  # a safe loader: no arbitrary objects
            meta = yaml.load(raw, Loader=loader) if raw.strip() else {}  # noqa: S506
        except _Refused as refused:
            raise ImportProblem(refused.message, line=first_line + refused.mark.line) from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            problem = getattr(error, "problem", None) or str(error).split("\n")[0]
            # libyaml marks the end of the text on a line after the last one.
            line = first_line + min(mark.line, raw.count("\n")) if mark is not None else None
            raise ImportProblem(f"broken YAML front matter: {problem}", line=line) from None
    else:
        if raw.count(".") > MAX_TOML_DOTS:
            raise ImportProblem(
                f"the TOML front matter has more than {MAX_TOML_DOTS:,} dots: keys of that many "
                "parts (a.b.c...) take too long to read",
                line=first_line - 1,
            )
        try:
            meta = tomllib.loads(raw)
        except RecursionError:  # tomllib recurses into inline arrays and tables
            raise ImportProblem(_too_deep(), line=_toml_too_deep_line(raw, first_line)) from None
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = re.search(r"\(at line (\d+)", message)
            if match:
                line = first_line + int(match.group(1)) - 1
            else:  # "at end of document": where the front matter ends
                line = first_line + raw.rstrip("\n").count("\n")
            problem = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message)
            raise ImportProblem(f"broken TOML front matter: {problem}", line=line) from None
        except ValueError:  # a number over Python's 4,300 digits
            raise ImportProblem(
                "broken TOML front matter: a number is too long to read", line=None
            ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportProblem(
            "the front matter is not a list of keys and values (key: value)", line=first_line
        )
    key_lines = _key_lines(raw, first_line)
    for key, value in meta.items():
        # TOML's dotted keys and [a.b.c] tables nest without recursing while parsed.
        if _depth(value) >= MAX_FRONT_MATTER_DEPTH:
            raise ImportProblem(_too_deep(), line=key_lines.get(_fold_key(key)))
        if _has_control(value):
            raise ImportProblem(
                f"{key}: contains a control character (such as NUL), which is not text",
                line=key_lines.get(_fold_key(key)),
            )
    folded = {_fold_key(key): value for key, value in meta.items()}
    return folded, _key_lines(raw, first_line), {_fold_key(key): str(key) for key in meta}


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


# Values --------------------------------------------------------------------------------------


def _is_scalar(value):
    return isinstance(value, str | int | float | bool | datetime.date)


def _text(value, key, doc):
    if value is None:
        return ""
    if not _is_scalar(value) or isinstance(value, bool):
        raise ImportProblem(f"{key}: expected text", line=doc.line_of(key))
    return str(value)


def _names(value, key, doc, *, split_commas=True, split_spaces=False):
    """A list of names from a list, a comma-separated string, or dicts with a name.

    ``split_spaces``: a string without commas is a space-separated list, as Jekyll
    writes ``categories: python celery``. A bare number or date is not a list of names
    (``tags: 42`` is a slip, reported with its line rather than made a tag)."""
    if value is None or value == "":
        return []
    if not isinstance(value, str | list | dict):
        raise ImportProblem(
            f"{key}: expected a list or a comma-separated text, not {value!r}",
            line=doc.line_of(key),
        )
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("title") or item.get("slug")
            if not item:
                raise ImportProblem(
                    f"{key}: expected names, not keys and values without a name",
                    line=doc.line_of(key),
                )
        if not _is_scalar(item) or isinstance(item, bool):
            raise ImportProblem(f"{key}: expected a list of names", line=doc.line_of(key))
        text = str(item)
        parts = [text]
        if split_commas and not isinstance(value, list):
            parts = text.split(",") if "," in text or not split_spaces else text.split()
        names.extend(cleaning.one_line(part) for part in parts if part.strip())
    return names


def _is_web_address(text):
    """A link found in the text is kept as the canonical URL only when it is one: the file
    never asked for it, so a bad one must not fail the import."""
    if not text or len(text) > CANONICAL_URL_MAX:
        return False
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _date_or_datetime(value, key, doc):
    """A date or an aware datetime; a bare date stays a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        # "Mon Feb 12 2024 09:30:00 GMT+0530 (India Standard Time)", as Hashnode exports
        # it: the zone's name goes, and dateutil would read "GMT+0530" as 05:30 west.
        text = re.sub(r"\s*\([^()]*\)\s*$", "", value.strip())
        text = re.sub(r"\b(?:GMT|UTC)(?=[+-]\d)", "", text)
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return datetime.date.fromisoformat(text)
            parsed = dateparser.parse(text)
        except (ValueError, OverflowError, TypeError):
            parsed = None
        if parsed is not None:
            return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    raise ImportProblem(f"{key}: cannot read {value!r} as a date", line=doc.line_of(key))


def _bool(value, key, doc):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "on", "1"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "off", "0", ""}:
        return False
    raise ImportProblem(f"{key}: expected true or false, not {value!r}", line=doc.line_of(key))


def _int(value, key, doc, *, low=None, high=None):
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ImportProblem(
            f"{key}: expected a whole number, not {value!r}", line=doc.line_of(key)
        ) from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ImportProblem(
            f"{key}: {number} is outside {low} to {high}", line=doc.line_of(key)
        ) from None
    return number


_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|d|days?)\b", re.IGNORECASE
)


def _minutes(value, key, doc):
    """45, "45", "45 min", "1h 30m", "1.5 hours", "PT1H30M"."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    iso = re.fullmatch(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?", text.upper())
    if iso and any(iso.groups()):
        days, hours, minutes = (int(part or 0) for part in iso.groups())
        return days * 1440 + hours * 60 + minutes
    total = 0.0
    for amount, unit in _DURATION_PART.findall(text):
        scale = {"h": 60, "d": 1440}.get(unit[0].lower(), 1)
        total += float(amount) * scale
    if total:
        return round(total)
    raise ImportProblem(f"{key}: cannot read {value!r} as a duration", line=doc.line_of(key))


# The story -----------------------------------------------------------------------------------


@dataclass
class StoryData:
    """What a file says, cleaned and mapped to the page's fields."""

    kind: str
    title: str
    body: str
    summary: str = ""
    original_published_at: datetime.date | None = None
    go_live_at: datetime.datetime | None = None  # when the date is in the future
    first_published_at: datetime.datetime | None = None
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    draft: bool = False
    canonical_url: str = ""
    cover_image: str = ""
    cover_image_alt: str = ""
    slug: str = ""
    # Journey stories
    starting_point: str = ""
    country: str = ""
    city: str = ""
    journey_started_year: int | None = None
    milestones: list = field(default_factory=list)
    # Tutorials
    difficulty: str = "beginner"
    estimated_minutes: int | None = None
    prerequisites: str = ""
    series: str = ""
    series_position: int | None = None
    # What the clean-up did
    notes: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    author_from_leftovers: str = ""
    key_lines: dict = field(default_factory=dict)

    def line_of(self, key):
        return self.key_lines.get(_fold_key(key))


class _Meta:
    """The front matter, read by field name through the key aliases."""

    def __init__(self, doc):
        self.doc = doc
        self.used = set()

    def find(self, name):
        for alias in KEYS[name]:
            folded = _fold_key(alias)
            if folded in self.doc.meta:
                self.used.add(folded)
                # Messages name the key as the file writes it ("datePublished").
                return self.doc.key_names.get(folded, alias), self.doc.meta[folded]
        return KEYS[name][0], None

    def unused(self):
        return sorted(self.doc.key_names.get(key, key) for key in set(self.doc.meta) - self.used)


def _title_and_body(doc, meta, story):
    key, value = meta.find("title")
    title = cleaning.one_line(_text(value, key, doc))
    body = doc.body
    if title:
        body, repeated = cleaning.drop_repeated_title(body, title)
        if repeated:
            story.notes.append("dropped the first line of the body: it repeated the title")
        return title, body
    title, rest = cleaning.split_title_line(body)
    if title:
        story.key_lines["title"] = doc.body_line + next(
            (i for i, line in enumerate(body.split("\n")) if line.strip()), 0
        )
        rest, repeated = cleaning.drop_repeated_title(rest, title)
        if repeated:
            story.notes.append("dropped a repeated title line")
        return title, rest
    title = cleaning.derive_title(body)
    if not title:
        raise ImportProblem("no title and no text to take one from", line=doc.body_line)
    story.notes.append(f"no title line: used the first sentence, “{title}”")
    story.key_lines["title"] = doc.body_line
    return title, body


def _milestones(value, key, doc):
    if not value:
        return []
    items = value.items() if isinstance(value, dict) else value
    if not isinstance(items, list) and not isinstance(value, dict):
        raise ImportProblem(f"{key}: expected a list of year and text", line=doc.line_of(key))
    found = []
    for item in items:
        if isinstance(item, tuple):
            year, text = item
        elif isinstance(item, dict):
            year, text = item.get("year"), item.get("text") or item.get("title") or ""
        elif isinstance(item, str) and re.match(r"^\s*\d{4}\s*[:\u2013-]", item):
            year, text = re.split(r"\s*[:\u2013-]\s*", item.strip(), maxsplit=1)
        else:
            raise ImportProblem(
                f"{key}: expected year and text, not {item!r}", line=doc.line_of(key)
            )
        found.append((_int(year, key, doc, low=1950, high=2100), cleaning.one_line(text)))
    return found


def _cover(value, key, doc):
    """A path or URL, and alt text when the front matter gives one with it."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        alt = value.get("alt") or value.get("caption") or ""
        value = value.get("image") or value.get("src") or value.get("url") or ""
        return _text(value, key, doc).strip(), cleaning.one_line(_text(alt, key, doc))
    return _text(value, key, doc).strip(), ""


def story_from_document(doc, *, today=None):
    """Map a document to ``StoryData``, cleaning the body on the way."""
    meta = _Meta(doc)
    today = today or timezone.localdate()
    key, kind_value = meta.find("kind")
    kind = STORY
    story = StoryData(kind=kind, title="", body="", key_lines=dict(doc.key_lines))
    if kind_value not in (None, ""):
        kind = KINDS.get(_fold_key(_text(kind_value, key, doc)))
        if kind is None:
            story.notes.append(f"type {kind_value!r} is not one we know: imported as a story")
            kind = STORY
    story.kind = kind

    story.title, story.body = _title_and_body(doc, meta, story)
    if not doc.markdown:
        story.body = cleaning.plain_text_to_markdown(story.body)

    cleaned = cleaning.remove_leftovers(story.body)
    story.body = cleaned.text.strip("\n")
    story.removed = list(cleaned.removed)
    story.author_from_leftovers = cleaned.author
    if cleaned.removed:
        story.notes.append("removed platform leftovers: " + "; ".join(cleaned.removed))
    if not story.body.strip():
        raise ImportProblem("the story has a title but no text", line=doc.body_line)
    excerpt = _take_excerpt(meta, doc, story)

    key, value = meta.find("summary")
    story.summary = cleaning.one_line(_text(value, key, doc))
    if len(story.summary) > cleaning.SUMMARY_MAX:
        story.summary = cleaning.shorten(
            story.summary, cleaning.SUMMARY_MAX, cleaning.SUMMARY_MAX - 20
        )
        story.notes.append(f"summary cut to {cleaning.SUMMARY_MAX} characters")
    if not story.summary and excerpt:
        story.summary = cleaning.shorten(
            cleaning.one_line(cleaning.strip_markdown(excerpt)),
            cleaning.SUMMARY_MAX,
            cleaning.SUMMARY_TARGET,
        )
        story.notes.append("no summary: used the text before the excerpt separator")
    if not story.summary:
        story.summary = cleaning.derive_summary(story.body) or cleaning.shorten(
            cleaning.one_line(cleaning.strip_markdown(story.body)) or story.title,
            cleaning.SUMMARY_TARGET,
            cleaning.SUMMARY_TARGET - 20,
        )
        story.notes.append("no summary: used the opening of the text")

    key, value = meta.find("original_published_at")
    explicit_original = _fold_key(key) in doc.meta
    date_key, date_value = meta.find("date")
    if isinstance(date_value, bool):  # DEV.to's "published: true" is a flag, not a date
        date_value = None
        meta.used.discard(_fold_key(date_key))
    when = _date_or_datetime(date_value, date_key, doc)
    original = _date_or_datetime(value, key, doc) if explicit_original else when
    if isinstance(original, datetime.datetime):
        original = original.date()  # the day as written, in the writer's own time zone
    story.original_published_at = original
    if when is not None:
        moment = (
            when
            if isinstance(when, datetime.datetime)
            else timezone.make_aware(datetime.datetime.combine(when, datetime.time.min))
        )
        if timezone.localtime(moment).date() > today or moment > timezone.now():
            story.go_live_at = moment
    key, value = meta.find("first_published_at")
    first = _date_or_datetime(value, key, doc)
    if isinstance(first, datetime.date) and not isinstance(first, datetime.datetime):
        first = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    story.first_published_at = first

    story.tags = _tags(meta, doc, story)
    key, value = meta.find("authors")
    # "Jane Doe <jane@example.com> (https://jane.dev)", as package.json writes a person.
    names = [_EMAIL_OR_URL.sub("", name).strip() or name for name in _names(value, key, doc)]
    named = [n for n in names if n.casefold() not in PLACEHOLDER_AUTHORS]
    if len(named) < len(names):
        story.notes.append("author “default” is a starter blog's placeholder, not a name")
    story.authors = list(dict.fromkeys(named))[:MAX_AUTHORS]

    story.draft = _draft(meta, doc)
    key, value = meta.find("canonical_url")
    story.canonical_url = _text(value, key, doc).strip()
    if not story.canonical_url and _is_web_address(cleaned.canonical_url):
        story.canonical_url = cleaned.canonical_url
        story.notes.append(f"canonical URL taken from the text: {cleaned.canonical_url}")
    key, value = meta.find("cover_image")
    story.cover_image, story.cover_image_alt = _cover(value, key, doc)
    key, value = meta.find("cover_image_alt")
    story.cover_image_alt = cleaning.one_line(_text(value, key, doc)) or story.cover_image_alt
    key, value = meta.find("slug")
    story.slug = _text(value, key, doc).strip()

    key, value = meta.find("starting_point")
    story.starting_point = cleaning.one_line(_text(value, key, doc))
    key, value = meta.find("country")
    story.country = cleaning.one_line(_text(value, key, doc))
    key, value = meta.find("city")
    story.city = cleaning.one_line(_text(value, key, doc))
    key, value = meta.find("journey_started_year")
    story.journey_started_year = _int(value, key, doc, low=1950, high=2100)
    key, value = meta.find("milestones")
    story.milestones = _milestones(value, key, doc)

    key, value = meta.find("difficulty")
    if value not in (None, ""):
        level = DIFFICULTIES.get(_fold_key(_text(value, key, doc)))
        if level is None:
            raise ImportProblem(
                f"{key}: {value!r} is not beginner, intermediate or advanced",
                line=doc.line_of(key),
            )
        story.difficulty = level
    key, value = meta.find("duration")
    story.estimated_minutes = _minutes(value, key, doc)
    key, value = meta.find("prerequisites")
    if isinstance(value, list):
        story.prerequisites = "\n".join(_names(value, key, doc, split_commas=False))
    else:
        story.prerequisites = _text(value, key, doc).strip()
    key, value = meta.find("series")
    if isinstance(value, dict):
        story.series = cleaning.one_line(_text(value.get("name") or value.get("title"), key, doc))
        story.series_position = _int(value.get("part") or value.get("position"), key, doc, low=1)
    else:
        story.series = cleaning.one_line(_text(value, key, doc))
    key, value = meta.find("series_position")
    story.series_position = _int(value, key, doc, low=1) or story.series_position

    if story.kind == STORY and story.series:
        story.notes.append(
            f"series “{story.series}” left out: only tutorials are in a series "
            "(add “type: tutorial” to import a tutorial)"
        )
    if story.kind == STORY and (story.difficulty != "beginner" or story.estimated_minutes):
        story.notes.append("tutorial fields ignored: add “type: tutorial” to import a tutorial")
    unused = meta.unused()
    if unused:
        story.notes.append("front matter keys not used: " + ", ".join(unused))
    return story


_EMAIL_OR_URL = re.compile(r"\s*(?:<[^<>\s]+@[^<>\s]+>|\((?:https?://|mailto:)[^()\s]*\))")
MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)  # Jekyll's and Hugo's summary divider


def _take_excerpt(meta, doc, story):
    """The text before an excerpt separator (``<!--more-->``, or the front matter's own
    ``excerpt_separator``), and the body without the separator, which is only a marker."""
    key, value = meta.find("excerpt_separator")
    own = _text(value, key, doc).strip()
    for pattern in ([re.compile(re.escape(own))] if own else []) + [MORE]:
        match = pattern.search(story.body)
        if match is None:
            continue
        before = story.body[: match.start()].rstrip(" \t")
        after = story.body[match.end() :].lstrip(" \t")
        if before.endswith("\n") and after.startswith("\n"):
            after = after[1:]  # the separator had a line of its own
        elif before and after and not before.endswith("\n") and not after.startswith("\n"):
            after = " " + after  # it sat inside a paragraph
        story.body = (before + after).strip("\n")
        return before.strip()
    return ""


def _tags(meta, doc, story):
    """Tags and categories together (Jekyll and Hugo have both; here both are tags)."""
    found = []
    for field_name in ("tags", "categories"):
        key, value = meta.find(field_name)
        found += [(key, name) for name in _names(value, key, doc, split_spaces=True)]
    tags, seen = [], set()
    for key, name in found:
        name = name.lstrip("#").strip()
        if len(name) > TAG_MAX_LENGTH:
            raise ImportProblem(
                f"{key}: a tag is longer than {TAG_MAX_LENGTH} characters", line=doc.line_of(key)
            )
        if not re.search(r"\w", name):
            story.notes.append(f"tag {name!r} dropped: it has no letters or digits")
            continue
        if name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name)
    if len(tags) > MAX_TAGS:
        story.notes.append(f"only the first {MAX_TAGS} of {len(tags)} tags kept")
    return tags[:MAX_TAGS]


def _draft(meta, doc):
    for alias in KEYS["draft"]:
        folded = _fold_key(alias)
        if folded not in doc.meta:
            continue
        value = doc.meta[folded]
        meta.used.add(folded)
        if folded == "published":
            if isinstance(value, bool) or str(value).lower() in {"true", "false"}:
                return not _bool(value, alias, doc)
            continue  # a date under "published" was read as the date
        if folded == "status":
            return str(value).strip().lower() not in {"published", "publish", "public", "live"}
        return _bool(value, alias, doc)
    return False


def parse_story(data, *, name, today=None):
    """Bytes of one file → ``StoryData``. Raises ``ImportProblem``."""
    return story_from_document(read_document(data, name=name), today=today)
