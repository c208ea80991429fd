"""Code blocks as readers see them: the highlighted code in a frame that names its language.

Python-Markdown's codehilite hands each block to ``CodeBlockFormatter`` with the language
the fence gave (```` ```python ````), as ``lang_str="language-python"``. The formatter writes
the label, once, when the body is rendered (never per request):

    <div class="code-block">
      <div class="code-block__bar"><span class="code-block__language">Python</span></div>
      <div class="highlight"><pre><code>…</code></pre></div>
    </div>

A block with no language (or ``text``) gets the frame without a bar. The label is the
highlighter's name for the language, or the fence's own word when no highlighter knows it,
escaped either way. The copy button is not here: ``static/js/code-blocks.js`` adds it, so a
reader without JavaScript sees plain code and no button that does nothing.

The label is not part of what the piece says: ``without_labels()`` takes it out of the plain
text that search and the word count read.
"""

import re

from django.utils.html import format_html
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

LANGUAGE_PREFIX = "language-"
# Languages whose highlighter's name is long or unclear to readers.
SHORTER_NAMES = {
    "Bash Session": "Shell session",
    "Python console session": "Python console",
    "PostgreSQL SQL dialect": "PostgreSQL",
    "PostgreSQL console (psql)": "psql",
    "HTML+Django/Jinja": "Django template",
    "Text only": None,
}
# The most of a fence's own word a label shows.
MAX_LABEL_CHARS = 40

_LABEL = re.compile(r'<span class="code-block__language">[^<]*</span>')


def language_label(language):
    """What a block written in ``language`` (a fence's word, or "") is labelled, or None."""
    language = (language or "").strip()
    if not language or language.lower() in {"text", "plain", "plaintext", "none"}:
        return None
    try:
        name = get_lexer_by_name(language).name
    except ClassNotFound:
        return language[:MAX_LABEL_CHARS]
    return SHORTER_NAMES.get(name, name)


class CodeBlockFormatter(HtmlFormatter):
    """Pygments' HTML, framed, with the language's label above it."""

    def __init__(self, lang_str="", **options):
        super().__init__(**options)
        self.label = language_label(lang_str.removeprefix(LANGUAGE_PREFIX))

    def format_unencoded(self, tokensource, outfile):
        outfile.write('<div class="code-block">')
        if self.label:
            outfile.write(
                format_html(
                    '<div class="code-block__bar"><span class="code-block__language">{}</span>'
                    "</div>",
                    self.label,
                )
            )
        super().format_unencoded(tokensource, outfile)
        outfile.write("</div>")


def without_labels(fragment):
    """``fragment`` (sanitised HTML) without the code blocks' language labels."""
    return _LABEL.sub("", fragment or "")
