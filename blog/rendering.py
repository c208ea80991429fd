"""Markdown to sanitised HTML, done once when content changes, never per request.

Contributors are strangers, so everything they write goes through nh3 with a short allow
list: no scripts, no event handlers, no ``style``, no ``javascript:`` URLs. Headings are
shifted so a body never adds a second ``h1`` to the page, and their ids feed the table of
contents. The templates' own ids start with ``bj-``; a body may not claim one of them.

Contributors are also strangers to the CPU: Python-Markdown is quadratic on some inputs
(nested brackets) and recurses on others (deep lists). A text is refused before it is parsed
when it is too long or nested too deep, and otherwise formatted in a child process that is
stopped after ``MARKDOWN_RENDER_SECONDS`` (``blog/bounded.py``); either way the writer gets a
``MarkdownError`` that says what to change, and save, preview, the API and the importer
(which all format through the page's ``clean()``) refuse the text with it.
"""

import hashlib
import html
import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.html import format_html, strip_tags
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from uploads.storage import media_url_prefixes

from .bounded import BoundedWorkError, run_bounded
from .code_blocks import CodeBlockFormatter, without_labels
from .images import IMAGE_SCHEME, is_reference
from .text import clean_text

WORDS_PER_MINUTE = 230
RESERVED_ID_PREFIX = "bj-"
# The longest Markdown text (a body) the site formats: about 30,000 words.
MAX_MARKDOWN_CHARS = 200_000
# Lists and quotes nested deeper than this are refused before formatting.
MAX_NESTING = 20
# Texts this short are formatted in this process, which is faster than starting a child: the
# slowest shape known at this size (a run of "[") takes a fifth of a second.
IN_PROCESS_MAX_CHARS = 1000

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "div": {"class"}, "span": {"class"}, "pre": {"class"}, "code": {"class"},
    "ol": {"start"},
}  # fmt: skip
# "image:42" names a picture of our library (``blog.images``), on an image only.
URL_SCHEMES = {"http", "https", "mailto", IMAGE_SCHEME}
LINK_REL = "nofollow noopener noreferrer ugc"


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    toc: list = field(default_factory=list)
    word_count: int = 0

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


class _ShiftHeadings(Treeprocessor):
    """Demote every heading one level when the text uses ``#``: the page owns the h1."""

    def run(self, root):
        headings = [el for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag)]
        if not any(el.tag == "h1" for el in headings):
            return
        for el in headings:
            el.tag = f"h{min(int(el.tag[1]) + 1, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (the Markdown API's name)
        # Runs before the toc treeprocessor (priority 5) so the toc sees final levels.
        md.treeprocessors.register(_ShiftHeadings(md), "bj_shift_headings", 30)


def _keep_attribute(tag, attribute, value):
    if attribute == "id" and value.startswith(RESERVED_ID_PREFIX):
        return None
    if value.strip().lower().startswith(f"{IMAGE_SCHEME}:") and (tag, attribute) != ("img", "src"):
        return None
    return value


def _toc_entries(tokens):
    return [
        {
            "id": token["id"],
            "name": html.unescape(token["name"]),
            "level": token["level"],
            "children": _toc_entries(token["children"]),
        }
        for token in tokens
        if not token["id"].startswith(RESERVED_ID_PREFIX)
    ]


# What a search snippet leaves out or ends a sentence with (``plain_text``).
_CODE_BLOCK = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S | re.I)
_HEADING = re.compile(r"(<(h[1-6])\b[^>]*>)(.*?)(</\2>)", re.S | re.I)
_BLOCK_END = re.compile(r"</(?:p|li|dd|dt|td|th|blockquote|div|figcaption)>|<br\s*/?>", re.I)
_SENTENCE_ENDS = ".!?:;…"


def _heading_as_sentence(match):
    """A heading ends a sentence: "Why test through HTTP. Django's test client…", never
    "Why test through HTTP Django's test client…"."""
    opening, _name, inner, closing = match.groups()
    text = html.unescape(strip_tags(inner)).strip()
    full_stop = "." if text and text[-1] not in _SENTENCE_ENDS else ""
    return f" {opening}{inner.rstrip()}{full_stop}{closing} "


def plain_text(fragment):
    """The readable text of an HTML fragment, on one line: what search snippets quote (a
    page stores it with its HTML, as ``body_text``). Code blocks are left out (their
    language labels, the page's words, with them: a snippet is sentences, not code; the
    search itself reads the Markdown), each heading ends a sentence, and blocks never run
    into each other. Inline code stays: it is part of a sentence."""
    text = _CODE_BLOCK.sub(" ", without_labels(fragment))
    text = _HEADING.sub(_heading_as_sentence, text)
    text = _BLOCK_END.sub(lambda match: f"{match.group(0)} ", text)
    return " ".join(html.unescape(strip_tags(text)).split())


def sanitise_html(fragment):
    clean = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        # A code block that scrolls sideways must be reachable by keyboard (WCAG 2.1.1).
        set_tag_attribute_values={
            "img": {"loading": "lazy", "decoding": "async"},
            "pre": {"tabindex": "0"},
        },
    )
    return link_foreign_images(clean)


# What a browser drops from a URL before reading it: surrounding spaces and control
# characters, and tabs and line breaks anywhere.
_URL_STRIP = "".join(chr(code) for code in range(0x21))
_URL_DROP = str.maketrans("", "", "\t\n\r")


def _is_our_media(src, prefixes):
    url = src.translate(_URL_DROP).strip(_URL_STRIP).replace("\\", "/")  # "\" reads as "/"
    parts = urlsplit(url)
    # "/media/../admin/" (or "%2e%2e") leaves the media folder once the browser resolves it.
    if {".", ".."} & set(unquote(parts.path).split("/")):
        return False
    for prefix in prefixes:
        relative = prefix.startswith("/")
        if relative and (parts.scheme or parts.netloc):
            continue
        if url.startswith(prefix):
            return True
    return False


class _ForeignImageLinker(HTMLParser):
    """Copies HTML as it is, but for each image that is not from our media: a link to it,
    or inside a link (which may not hold another) its text only. One pass over the input."""

    def __init__(self, prefixes):
        super().__init__(convert_charrefs=False)
        self.prefixes = prefixes
        self.out = []
        self.in_link = False

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.out.append(self._image(dict(attrs)))
            return
        self.in_link = self.in_link or tag == "a"
        self.out.append(self.get_starttag_text())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.in_link = self.in_link and tag != "a"
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def _image(self, attrs):
        src = attrs.get("src") or ""
        if is_reference(src) or _is_our_media(src, self.prefixes):
            return self.get_starttag_text()
        label = f"Image: {attrs.get('alt') or src or 'no address'}"
        if not src or self.in_link or src.lower().startswith(f"{IMAGE_SCHEME}:"):
            return html.escape(label)
        return format_html('<a href="{}" rel="{}">{}</a>', src, LINK_REL, label)


def link_foreign_images(fragment):
    """Turn each image that is not from our media into a link to it.

    A contributor's image from any other host would make every browser that shows the body
    (an editor's preview first) call that host, and the Content-Security-Policy blocks it
    anyway. Our media is what ``media_url_prefixes()`` names. Runs on nh3's output, in time
    linear in its size.
    """
    if "<img" not in fragment:
        return fragment
    linker = _ForeignImageLinker(media_url_prefixes())
    linker.feed(fragment)
    linker.close()
    return "".join(linker.out)


# Formatting runs in a fresh child process each time, and what a child imports is lost with
# it: so this process formats a known text once itself (Python-Markdown imports its extensions
# on first use), and looks up the code highlighters a text asks for before the child starts
# (a highlighter's first import costs more than formatting a whole post).
_WARM_UP = "# A\n\n*b* [c](https://example.com)\n\n| d |\n|---|\n| e |\n\n```\nf\n```\n"
_warmed_up = threading.Event()
_FENCE_LANGUAGE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})[ \t]*\{?\.?([\w+#.-]{1,40})", re.MULTILINE)
MAX_PRELOADED_LANGUAGES = 20


def _preload(text):
    if not _warmed_up.is_set():
        _render(_WARM_UP)
        _warmed_up.set()
    languages = {match.lower() for match in _FENCE_LANGUAGE.findall(text)}
    for language in sorted(languages)[:MAX_PRELOADED_LANGUAGES]:
        try:
            get_lexer_by_name(language)
        except ClassNotFound:
            continue


def _render(text):
    """Format ``text`` with no limits: only ever called through ``run_bounded``."""
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "codehilite", "toc", _ShiftHeadingsExtension()],
        extension_configs={
            "codehilite": {
                "guess_lang": False,
                "css_class": "highlight",
                # Frames each block with its language's label (``blog/code_blocks.py``).
                "pygments_formatter": CodeBlockFormatter,
            },
            "toc": {"toc_depth": "2-3"},
        },
        output_format="html",
    )
    clean = sanitise_html(md.convert(text))
    plain = nh3.clean(without_labels(clean), tags=set(), clean_content_tags={"pre"})
    return RenderedMarkdown(
        html=clean,
        toc=_toc_entries(getattr(md, "toc_tokens", [])),
        word_count=len(html.unescape(plain).split()),
    )


class MarkdownError(ValueError):
    """A text that could not be formatted; ``str(error)`` tells the writer what to change."""

    def __init__(self, reason):
        super().__init__(f"This text could not be formatted: {reason}")
        self.reason = reason


_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_QUOTE_MARKER = re.compile(r"[ ]{0,3}>[ ]?")
_LIST_ITEM = re.compile(r"([ \t]*)(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_MARKUP = frozenset("[]()*_`<>!")
_MARKUP_RUN = re.compile(r"([\[\]()*_`<>!])\1*")


def _nesting(line):
    """How many lists and quotes ``line`` is inside, as Python-Markdown reads it."""
    depth, position = 0, 0
    while marker := _QUOTE_MARKER.match(line, position):
        depth, position = depth + 1, marker.end()
    item = _LIST_ITEM.match(line, position)
    if item:
        depth += len(item.group(1).expandtabs(4)) // 4 + 1
    return depth


def _check_shape(text):
    """Refuse, before any parsing, what cannot be formatted in bounded time and depth."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise MarkdownError(
            f"it is {len(text):,} characters long, and the most is {MAX_MARKDOWN_CHARS:,}. "
            "Split it into parts."
        )
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        opening = _FENCE.match(line)
        if opening:
            mark = opening.group(1)[0]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        depth = _nesting(line)
        if depth > MAX_NESTING:
            raise MarkdownError(
                f"line {number} is inside {depth} lists and quotes, and the most is "
                f"{MAX_NESTING}. Flatten the list or the quote."
            )


def _hint(text):
    """Where a text that took too long is most likely to have gone wrong."""
    worst = (0, 0, "", 0)  # run length, line number, character, markup on that line
    for number, line in enumerate(text.split("\n"), start=1):
        markup = sum(1 for character in line if character in _MARKUP)
        if markup < 100:
            continue
        longest = max(_MARKUP_RUN.finditer(line), key=lambda run: len(run.group()), default=None)
        run = len(longest.group()) if longest else 0
        if (markup, run) > (worst[3], worst[0]):
            worst = (run, number, longest.group(1) if longest else "", markup)
    run, number, character, markup = worst
    if not number:
        return "Simplify its formatting: look for deeply nested lists, quotes or links."
    if run >= 50:
        return (
            f"Line {number} has {run:,} “{character}” in a row: break up long runs of "
            "brackets or emphasis marks, or put them in a code block."
        )
    return (
        f"Line {number} holds {markup:,} brackets and emphasis marks: simplify its "
        "formatting, or put it in a code block."
    )


def _explain(failure, text):
    if failure.reason == "timeout":
        return f"it takes longer than {failure.seconds:g} seconds. {_hint(text)}"
    if failure.reason == "recursion":
        return f"its formatting is nested too deeply. {_hint(text)}"
    if failure.reason == "memory":
        return f"it needs too much memory. {_hint(text)}"
    return f"the formatter stopped on it. {_hint(text)}"


class _RecentRenders:
    """The last few texts formatted by this process and their outcome: a form that is
    validated, saved as a revision and published formats one text three times, and a text
    that was cut off once would be cut off again."""

    def __init__(self, size=16):
        self.size = size
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            return None

    def put(self, key, outcome):
        with self.lock:
            self.items[key] = outcome
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


recent_renders = _RecentRenders()


def _format(text, seconds):
    if len(text) <= IN_PROCESS_MAX_CHARS:
        try:
            return _render(text)
        except RecursionError:
            raise BoundedWorkError("recursion") from None
    _preload(text)
    return run_bounded(_render, text, seconds=seconds)


def render_markdown(text):
    """Render ``text`` to sanitised HTML with its table of contents and word count, or raise
    ``MarkdownError`` saying why it cannot be formatted."""
    text = clean_text(text or "")
    seconds = settings.MARKDOWN_RENDER_SECONDS
    key = (hashlib.sha256(text.encode("utf-8")).digest(), seconds)
    outcome = recent_renders.get(key)
    if outcome is None:
        try:
            _check_shape(text)
            outcome = _format(text, seconds)
        except MarkdownError as error:
            outcome = error.reason
        except BoundedWorkError as failure:
            if failure.reason == "budget":
                # Cut short by the request's time budget (``time_budget``): not remembered,
                # as it may well pass on its own.
                raise MarkdownError(
                    "there was no time left to format it with the other texts sent at the "
                    "same time. Send it again on its own."
                ) from None
            outcome = _explain(failure, text)
        recent_renders.put(key, outcome)
    if isinstance(outcome, str):
        raise MarkdownError(outcome)
    return outcome
