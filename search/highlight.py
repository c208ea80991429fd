"""Snippets of matching text with the query's words marked.

Escape first, then mark: every piece of a title or snippet is escaped on its own and only the
``<mark>`` tags this module writes are markup, so neither a query nor a body can ever add
HTML. Text is the plain text a reader sees: a story's or tutorial's ``body_text``, stored
with its ``body_html`` when it is saved (``blog.rendering.plain_text``), never stripped of its
HTML per request.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog.rendering import plain_text

__all__ = ["highlight", "plain_text", "snippet", "stem", "term_pattern"]

SNIPPET_LENGTH = 240
LEAD_IN = 60
# The English endings PostgreSQL's stemmer drops, so "tests" also marks "test" and "testing".
SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ers", "es", "ed", "er", "ly", "s")
MIN_STEM = 3
MAX_MATCHES = 200


def stem(term):
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_STEM:
            term = term[: -len(suffix)]
            break
    if len(term) > MIN_STEM + 1 and term[-1] in "eiy":
        term = term[:-1]
    return term


def term_pattern(terms):
    """One pattern for every term: a word starting with the term's stem, any case."""
    stems = sorted({stem(term) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)


def highlight(text, pattern):
    """``text`` escaped, with what ``pattern`` matches wrapped in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped


def _best_window(text, pattern, length):
    """Where the window of ``length`` characters holding the most distinct words starts."""
    matches = []
    for match in pattern.finditer(text):
        matches.append((match.start(), match.group(0).lower()))
        if len(matches) >= MAX_MATCHES:
            break
    if not matches:
        return None
    best_start, best_score = matches[0][0], 0
    for index, (start, _word) in enumerate(matches):
        words = {word for position, word in matches[index:] if position < start + length}
        if len(words) > best_score:
            best_start, best_score = start, len(words)
    return best_start


def _cut(text, start, length):
    """``length`` characters of ``text`` from about ``start``, on word boundaries."""
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 else 0
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return text[start:end], start > 0, end < len(text)


def snippet(texts, terms, length=SNIPPET_LENGTH):
    """A short excerpt of the first text in ``texts`` that mentions a term, marked up.

    Falls back to the start of the first non-empty text when no term is found (a match
    on a tag or an author's name, or a stemmed form the pattern does not know)."""
    texts = [text for text in texts if text]
    if not texts:
        return ""
    pattern = term_pattern(terms)
    source, start = texts[0], 0
    if pattern is not None:
        for text in texts:
            found = _best_window(text, pattern, length)
            if found is not None:
                source, start = text, max(found - LEAD_IN, 0)
                break
    excerpt, cut_before, cut_after = _cut(source, start, length)
    marked = highlight(excerpt, pattern)
    # ``marked`` is escaped piece by piece; the ellipses are plain text.
    return mark_safe(("… " if cut_before else "") + marked + (" …" if cut_after else ""))
