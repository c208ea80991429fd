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

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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
    return nh3.clean(
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
