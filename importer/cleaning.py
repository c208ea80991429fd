"""Clean-up of text written elsewhere: mojibake, line endings, a repeated or missing title,
plain-text paragraphs, and the trailing boilerplate platforms leave in a copied post.

Every function is pure (text in, text out) so it is easy to test and to run on a dry run.
What was removed is returned, never dropped silently: the importer prints it and writes it
into the revision's log entry so an editor can check.
"""

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from blog.models import ArticlePage

# ftfy repairs mojibake (UTF-8 read as cp1252: "weekendâ€\x99s" for "weekend's" with a curly
# apostrophe) but is told to leave alone what a writer may have meant: curly quotes, HTML
# entities in code samples, full-width characters.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    explain=False,
)

_C1_CONTROLS = re.compile("[\u0080-\u009f]")
DERIVED_TITLE_MAX = 100  # characters: a derived title is a short label, not a paragraph
DERIVED_TITLE_CUT = 80  # where a long first sentence is cut, on a word boundary
TITLE_LINE_MAX = 150  # a longer first line is prose, not a title
SUMMARY_MAX = ArticlePage._meta.get_field("summary").max_length
SUMMARY_TARGET = 220


def fix_text(text):
    """Line endings to ``\\n``, no byte-order mark, mojibake repaired, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # ftfy drops C0 controls (NUL…); C1 controls it cannot repair are invisible leftovers of
    # a broken conversion, never writing.
    return _C1_CONTROLS.sub("", ftfy.fix_text(text, _FTFY))


def one_line(text):
    """Collapse whitespace: titles, names and tags are single lines."""
    return " ".join(str(text).split())


def fold(text):
    """A key for comparing names and titles: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", one_line(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


# Titles --------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*\s+")


def heading_text(line):
    """``# Title`` → ``Title``; anything else unchanged."""
    match = _HEADING.match(line)
    return match.group(1) if match else line


def looks_like_title(line):
    """A first line that is a title: short, and not a sentence ending in a full stop."""
    line = line.strip()
    if not line:
        return False
    if _HEADING.match(line):
        return True
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    # A long line is a paragraph, unless it is one sentence: then it is a title, and one
    # too long to keep fails the import with its line rather than being cut silently.
    return len(line) <= TITLE_LINE_MAX or len(_SENTENCE_END.split(line)) == 1


def split_title_line(body):
    """(title, rest) when the body opens with a title line, else (None, body)."""
    lines = body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or not looks_like_title(lines[start]):
        return None, body
    title = one_line(heading_text(lines[start]))
    rest_from = start + 1
    # A Setext heading: "Title" underlined with === or ---.
    if rest_from < len(lines) and _SETEXT_UNDERLINE.match(lines[rest_from]):
        rest_from += 1
    return title, "\n".join(lines[rest_from:])


def drop_repeated_title(body, title):
    """Drop the body's first line when it repeats the title (as text or a heading)."""
    lines = body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or fold(heading_text(lines[start])) != fold(title):
        return body, False
    end = start + 1
    if end < len(lines) and _SETEXT_UNDERLINE.match(lines[end]):
        end += 1
    return "\n".join(lines[:start] + lines[end:]), True


def first_sentence(text):
    paragraph = next((p for p in re.split(r"\n\s*\n|\n", text) if p.strip()), "")
    paragraph = one_line(strip_markdown(paragraph))
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0] if paragraph else ""


def shorten(text, limit, cut):
    """``text`` if it fits in ``limit``, else cut on a word boundary near ``cut`` with "…"."""
    if len(text) <= limit:
        return text
    head = text[: cut + 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head[:cut].rstrip(" ,;:-\u2013\u2014") + "…"


def derive_title(body):
    """A short title from the first sentence, for a text that has no title line."""
    sentence = first_sentence(body).rstrip(".")
    return shorten(sentence, DERIVED_TITLE_MAX, DERIVED_TITLE_CUT)


# Each pattern is linear in its input (files are hostile): brackets and parentheses inside a
# link's parts end the attempt rather than being scanned past, and an emphasised span is at
# most 200 characters long. Otherwise 60 KB of "[" takes half a minute.
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.{1,200}?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")


def strip_markdown(text):
    """Plain words from a line of Markdown: good enough for a derived title or summary."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_PREFIX.sub("", text)
    for _ in range(2):
        text = _MD_MARKS.sub(r"\2", text)
    return text


def derive_summary(body):
    """The first real paragraph, as plain text, cut to fit a card."""
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines or lines[0].lstrip().startswith(("```", "~~~", "    ", "\t", "|", "<")):
            continue
        text = one_line(strip_markdown(" ".join(lines)))
        if len(text.split()) >= 4:
            return shorten(text, SUMMARY_TARGET, SUMMARY_TARGET - 20)
    return ""


# Plain text ----------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*[•◦▪▫‣·●○■□\u2013]\s+")
_LONE_EMPHASIS = re.compile(r"^\s*(\*{1,3}|_{1,3})\s*$")


def plain_text_to_markdown(text):
    """Plain text as Markdown that reads the same: one paragraph per line when the text
    was copied from a web page (lines are paragraphs), bullets as a list."""
    lines = [line.rstrip() for line in text.split("\n")]
    repaired = []
    for line in lines:
        lone = _LONE_EMPHASIS.match(line)
        if lone:
            # A closing "*" that a copy put on its own line: rejoin it, or drop it.
            previous = repaired[-1] if repaired else ""
            if previous.lstrip().startswith(lone.group(1)):
                repaired[-1] = previous + lone.group(1)
            continue
        repaired.append(_BULLET.sub("- ", line))
    filled = [line for line in repaired if line.strip()]
    if not filled:
        return ""
    blank = len(repaired) - len(filled)
    average = sum(len(line) for line in filled) / len(filled)
    if blank < len(filled) / 3 or average > 100:
        return "\n\n".join(line.strip() if not line.startswith("- ") else line for line in filled)
    return "\n".join(repaired).strip("\n")


# Platform leftovers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Leftover:
    platform: str
    pattern: re.Pattern
    # A section opener ("2 thoughts on …", "Top comments (3)"): it and everything after it
    # goes, since what follows is other people's comments or the platform's furniture.
    section: bool = False
    # Only after other furniture was removed from the end (a clap count is a bare number).
    after_furniture: bool = False
    # "Written by": the author box (name, bio, followers) follows it.
    byline: bool = False
    # "Originally published at …": the link in it is the post's canonical URL.
    url: bool = False


def _leftovers(platform, *patterns, **kinds):
    return [
        Leftover(platform, re.compile(rf"^\s*{p}\s*$", re.IGNORECASE), **kinds) for p in patterns
    ]


_NAME = r"(?P<author>[^\n]{2,80}?)"
LEFTOVERS = [
    *_leftovers(
        "DEV.to",
        r"top comments\s*\(\d+\)",
        r"discussion\s*\(\d+\)",
        r"(?:👋\s*)?kindness is contagious.*",
        r"read next",
        section=True,
    ),
    *_leftovers(
        "DEV.to",
        r"(?:add to the discussion|code of conduct|report abuse|subscribe|sign up|log in)",
        r"for further actions, you may consider blocking this person and/or reporting abuse",
        r"are you sure you want to hide this comment\?.*",
        r"hide child comments as well",
        r"templates let you quickly answer faqs.*",
        r"dev community.*",
    ),
    *_leftovers(
        "Hashnode",
        r"did you find this article valuable\?",
        r"more articles",
        section=True,
    ),
    *_leftovers(
        "Hashnode",
        r"subscribe to (?:my|our|the) newsletter",
        rf"read articles from {_NAME} directly inside your inbox\..*",
        r"support .{1,80} by becoming a sponsor\..*",
        r"see recent sponsors.*",
        r"learn more about hashnode sponsors",
        r"share this",
    ),
    *_leftovers(
        "Medium",
        r"recommended from medium",
        r"more from [^.!?]{1,80}",
        r"responses\s*\(\d+\)",
        r"see all (?:responses|from .{1,80})",
        section=True,
    ),
    *_leftovers("Hashnode", r"written by", byline=True),
    *_leftovers("Medium", rf"written by {_NAME}", byline=True),
    *_leftovers(
        "Medium",
        r"(?:originally )?published (?:at|on|in) (?P<url>https?://\S+?)\.?",
        r"originally published (?:at|on|in) .{1,160}",
        url=True,
    ),
    # Claps and responses counts, and the site's own links, under the author box.
    *_leftovers("Medium", r"[\d,.]+[km]?", r"help", r"status", r"about", after_furniture=True),
    *_leftovers(
        "Medium",
        r"[\d,.]+[km]? followers?(?:\s*·.*)?",
        r"follow",
        r"clap",
        r"get an email whenever .{1,80} publishes\.?",
        r"sign up to discover human stories.*",
        r"help\s+status\s+about.*",
        r"\d+\s*min read",
        r"listen",
    ),
    *_leftovers(
        "WordPress",
        r"(?:\d+|one|two|three|four|five) thoughts? on [“\"].*[”\"]",
        r"(?:\d+|one|two|three) (?:comments?|responses?|replies) (?:on|to) [“\"].*[”\"]",
        r"leave a reply(?: cancel reply)?",
        r"post navigation",
        r"related posts?",
        section=True,
    ),
    *_leftovers(
        "WordPress",
        r"leave a comment",
        r"your email address will not be published\.?(?: required fields are marked \*)?",
        r"required fields are marked \*",
        r"scroll to top",
        r"share this:?",
        r"like this:?",
        r"like loading\.\.\.",
        r"comments are closed\.?",
        r"(?:previous|next) (?:post|article)\b.*",
        r"you must be logged in to post a comment\.?",
        r"(?:posted|filed) (?:in|under) .{1,120}",
    ),
    *_leftovers(
        "Substack",
        r"discussion about this post",
        r"ready for more\?",
        section=True,
    ),
    *_leftovers(
        "Substack",
        r"thanks for reading .{1,80}! subscribe for free to receive new posts.*",
        r"subscribe for free to receive new posts.*",
        r"type your email…?\.{0,3}",
        r"leave a comment",
        r"no posts",
        r"© \d{4} .{1,80}",
        r"privacy\s*∙\s*terms.*",
        r"start writing\s*get the app.*",
        r"substack is the home for great culture",
    ),
    *_leftovers(
        "social",
        r"(?:share|tweet|like|reply|comments?|tags?:?|share on (?:twitter|x|facebook|linkedin))",
    ),
]
# A section opener counts only in the last part of a text (by characters), where a post's
# furniture is.
SECTION_WINDOW = 0.6


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple = ()  # descriptions of what was removed, in the order found
    author: str = ""  # a byline the boilerplate gave away ("Read articles from …")
    canonical_url: str = ""  # "Originally published at https://…"


_LINK = re.compile(r"!?\[([^\[\]]*)\]\(\s*<?([^()\s>]*)>?(?:\s+[^()]*)?\)")
_URL = re.compile(r"https?://[^\s<>()\[\]]+")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
AUTHOR_BOX_LINES = 4  # a name, a bio, a followers count, a "Follow" button
AUTHOR_BOX_LINE_MAX = 300


def _bare(line):
    """A line as a reader sees it: no heading marks, quote marks or emphasis around it, a
    link as its text ("## Top comments (2)", "*Originally published at [blog](…)*")."""
    line = _LINK.sub(lambda match: match.group(1) or match.group(2), line)
    line = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?)+", "", line).strip()
    line = re.sub(r"\s+#+$", "", line)
    while len(line) > 2 and line[0] in "*_" and line[-1] == line[0]:
        line = line[1:-1].strip()
    return line


def _match(line):
    bare = _bare(line)
    for leftover in LEFTOVERS:
        match = leftover.pattern.match(bare)
        if match:
            return leftover, match
    return None, None


def _url_in(leftover, match, line):
    """The canonical URL an "Originally published at" line gives: its link's target."""
    if not leftover.url:
        return ""
    targets = [m.group(2) for m in _LINK.finditer(line) if m.group(2).startswith("http")]
    found = targets or _URL.findall(line) or [match.groupdict().get("url") or ""]
    return found[0].rstrip(".,;:!?*_")


def _quote(line, limit=60):
    return "“" + shorten(one_line(_bare(line)), limit, limit - 10) + "”"


def _author_box(lines, after_furniture):
    """(index of a "Written by" line, the name it gives) when the last few lines are an
    author box under it: a name, a short bio, followers. Only right under platform furniture
    or next to other known leftovers, or after a bare "Written by", so a line naming a
    book's author in a reading list is not taken for one."""
    box, known = [], False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        leftover, match = _match(line)
        if leftover is not None and leftover.byline:
            name = one_line(match.groupdict().get("author") or "")
            bare = not name
            if not box or not (bare or after_furniture or known):
                return None
            if bare:
                first = _bare(box[-1])
                if len(first) <= 80 and not first.endswith((".", "!", "?", ":")):
                    name = one_line(first)
            return i, name, len(box)
        if len(box) == AUTHOR_BOX_LINES or len(line) > AUTHOR_BOX_LINE_MAX or _RULE.match(line):
            return None
        known = known or leftover is not None
        box.append(line)
    return None


class _Findings:
    """What the clean-up removed, and the byline and address the removed lines gave away
    (the first of each found wins)."""

    def __init__(self):
        self.removed, self.author, self.canonical = [], "", ""

    def give_away(self, leftover, match, line):
        self.author = self.author or one_line(match.groupdict().get("author") or "")
        self.canonical = self.canonical or _url_in(leftover, match, line)

    def note(self, leftover, match, what, line):
        self.removed.append(f"{what} ({leftover.platform})")
        self.give_away(leftover, match, line)


def remove_leftovers(text):
    """Remove the platforms' trailing boilerplate; report each piece removed."""
    lines = text.rstrip().split("\n")
    found = _Findings()
    at_end = _cut_section(lines, found)
    _cut_trailing(lines, found, at_end=at_end)
    found.removed.reverse()  # in reading order
    return Cleaned("\n".join(lines), tuple(found.removed), found.author, found.canonical)


def _window_start(lines):
    """The first line of the text's last part, by characters: comments are short lines, so
    a count of lines would put a long comment thread's opener in the post's first half."""
    sizes = [len(line) + 1 for line in lines]
    total, seen = sum(sizes), 0
    for i, size in enumerate(sizes):
        if seen >= total * (1 - SECTION_WINDOW):
            return i
        seen += size
    return None


def _cut_section(lines, found):
    """Remove a comment section or footer that opens in the text's last part, with all
    after it. Returns whether it did: what is left at the end may then be more."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    window_start = _window_start(lines)
    if window_start is None or len(filled) <= 4:
        return False
    for i in filled:
        if i < window_start:
            continue
        leftover, match = _match(lines[i])
        if not (leftover and leftover.section):
            continue
        cut = [line for line in lines[i:] if line.strip()]
        known = []
        for line in cut[1:]:  # more furniture, a byline or link given away further down
            other, other_match = _match(line)
            if other:
                known.append(_quote(line))
                found.give_away(other, other_match, line)
        extra = f" and {len(cut) - 1} line(s) after it" if len(cut) > 1 else ""
        if known:
            extra += ", among them " + ", ".join(known)
        found.note(leftover, match, f"{_quote(lines[i])}{extra}", lines[i])
        del lines[i:]
        return True
    return False


def _cut_trailing(lines, found, *, at_end):
    """Remove leftovers from the end up, one line at a time, and an author box under its
    "Written by" line. ``at_end``: furniture was removed from the end already."""
    while lines:
        if not lines[-1].strip():
            lines.pop()
            continue
        if len(lines) == 1:
            break
        leftover, match = _match(lines[-1])
        if leftover is not None and (at_end or not leftover.after_furniture):
            found.note(leftover, match, _quote(lines[-1]), lines[-1])
            lines.pop()
            at_end = True
            continue
        box = _author_box(lines, at_end)
        if box is not None:
            start, name, size = box
            leftover, match = _match(lines[start])
            what = f"{_quote(lines[start])} and the author box under it ({size} line(s))"
            found.note(leftover, match, what, lines[start])
            found.author = found.author or name
            del lines[start:]
            at_end = True
            continue
        if at_end and _RULE.match(lines[-1]):  # the rule that set the footer apart
            lines.pop()
            continue
        break
