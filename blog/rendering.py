"""Markdown to sanitised HTML, done once when content changes, never per request.

Contributors are strangers, so everything they write goes through nh3 with a short allow
list: no scripts, no event handlers, no ``style``, no ``javascript:`` URLs. Headings are
shifted so a body never adds a second ``h1`` to the page, and their ids feed the table of
contents. The templates' own ids start with ``bj-``; a body may not claim one of them.
"""

import html
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from django.utils.html import format_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from uploads.storage import media_url_prefixes

WORDS_PER_MINUTE = 230
RESERVED_ID_PREFIX = "bj-"

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
URL_SCHEMES = {"http", "https", "mailto"}
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
        if _is_our_media(src, self.prefixes):
            return self.get_starttag_text()
        label = f"Image: {attrs.get('alt') or src or 'no address'}"
        if not src or self.in_link:
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


def render_markdown(text):
    """Render ``text`` to sanitised HTML with its table of contents and word count."""
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "codehilite", "toc", _ShiftHeadingsExtension()],
        extension_configs={
            "codehilite": {"guess_lang": False, "css_class": "highlight"},
            "toc": {"toc_depth": "2-3"},
        },
        output_format="html",
    )
    clean = sanitise_html(md.convert(text or ""))
    plain = nh3.clean(clean, tags=set(), clean_content_tags={"pre"})
    return RenderedMarkdown(
        html=clean,
        toc=_toc_entries(getattr(md, "toc_tokens", [])),
        word_count=len(html.unescape(plain).split()),
    )
