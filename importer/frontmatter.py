"""Finding and loading a file's front matter: YAML between ``---`` lines or TOML between
``+++`` lines, with the lines of its keys for messages.

Front matter comes from strangers, so it is refused before it is read when it could expand
or recurse: YAML anchors, aliases and tags, nesting deeper than ``MAX_FRONT_MATTER_DEPTH``,
more than ``MAX_FRONT_MATTER_BYTES``, TOML keys of thousands of dotted parts; a value holding
a control character (NUL) is refused after. Keys are compared folded (``fold_key``):
"canonicalURL", "canonical_url" and "canonical-url" are one key.
"""

import re
import tomllib
from dataclasses import dataclass, field

import yaml

from .encoding import is_control
from .problems import ImportProblem

_FENCES = {"---": "yaml", "+++": "toml"}
FIRST_LINE = 2  # front matter starts on the file's second line, after its fence


def fold_key(key):
    return re.sub(r"[\s_-]", "", str(key)).casefold()


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
        return self.key_lines.get(fold_key(key))


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


def _key_lines(raw):
    """Line of each top-level key, for messages that point at the right place."""
    found = {}
    for offset, line in enumerate(raw.split("\n")):
        # "key:", "key =", "[table]", and the first part of "a.b = 1", "[a.b]", "[[a.b]]".
        match = re.match(r"^\[{0,2}\s*([A-Za-z0-9_\-]+)\s*[.:=\]]", line)
        if match:
            found.setdefault(fold_key(match.group(1)), FIRST_LINE + offset)
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


def _toml_too_deep_line(raw):
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
                return FIRST_LINE + raw.count("\n", 0, i)
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
        return any(is_control(ch) and ch != "\ufffd" for ch in value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return any(_has_control(item, depth + 1) for item in value)
    return False


def load_front_matter(fmt, raw):
    """(values by folded key, line of each folded key, each folded key as the file writes
    it) for the front matter ``raw`` in ``fmt`` ("yaml" or "toml")."""
    size = len(raw.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise ImportProblem(
            f"the {fmt.upper()} front matter is {size / 1024:.0f} KB; the limit is "
            f"{MAX_FRONT_MATTER_BYTES // 1024} KB (keep the text in the body)",
            line=FIRST_LINE - 1,
        )
    meta = (_load_yaml if fmt == "yaml" else _load_toml)(raw)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportProblem(
            "the front matter is not a list of keys and values (key: value)", line=FIRST_LINE
        )
    key_lines = _key_lines(raw)
    _check_values(meta, key_lines)
    folded = {fold_key(key): value for key, value in meta.items()}
    return folded, key_lines, {fold_key(key): str(key) for key in meta}


def _load_yaml(raw):
    try:
        _refuse_unsafe_yaml(raw)
        loader = _FrontMatterLoader  # a safe loader: no arbitrary objects
        return yaml.load(raw, Loader=loader) if raw.strip() else {}  # noqa: S506
    except _Refused as refused:
        raise ImportProblem(refused.message, line=FIRST_LINE + refused.mark.line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).split("\n")[0]
        # libyaml marks the end of the text on a line after the last one.
        line = FIRST_LINE + min(mark.line, raw.count("\n")) if mark is not None else None
        raise ImportProblem(f"broken YAML front matter: {problem}", line=line) from None


def _load_toml(raw):
    if raw.count(".") > MAX_TOML_DOTS:
        raise ImportProblem(
            f"the TOML front matter has more than {MAX_TOML_DOTS:,} dots: keys of that many "
            "parts (a.b.c...) take too long to read",
            line=FIRST_LINE - 1,
        )
    try:
        return tomllib.loads(raw)
    except RecursionError:  # tomllib recurses into inline arrays and tables
        raise ImportProblem(_too_deep(), line=_toml_too_deep_line(raw)) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+)", message)
        if match:
            line = FIRST_LINE + int(match.group(1)) - 1
        else:  # "at end of document": where the front matter ends
            line = FIRST_LINE + raw.rstrip("\n").count("\n")
        problem = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message)
        raise ImportProblem(f"broken TOML front matter: {problem}", line=line) from None
    except ValueError:  # a number over Python's 4,300 digits
        raise ImportProblem(
            "broken TOML front matter: a number is too long to read", line=None
        ) from None


def _check_values(meta, key_lines):
    """Refuse what the parsers let through: nesting (TOML's dotted keys and [a.b.c] tables
    nest without recursing while parsed) and control characters in any value."""
    for key, value in meta.items():
        if _depth(value) >= MAX_FRONT_MATTER_DEPTH:
            raise ImportProblem(_too_deep(), line=key_lines.get(fold_key(key)))
        if _has_control(value):
            raise ImportProblem(
                f"{key}: contains a control character (such as NUL), which is not text",
                line=key_lines.get(fold_key(key)),
            )
