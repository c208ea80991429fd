"""What a reader may ask the search page for, checked before any of it reaches a query.

The query text is never an error: whatever arrives is cleaned (no NUL or control
characters, whitespace collapsed, at most ``MAX_QUERY_LENGTH`` characters) and split into
plain words, so operator syntax (``& | ! : * ( ) ' "``) never reaches a full-text parser.
A filter value that cannot be one (an unknown type, a country code that does not exist, a
year out of range, a tag that is not a slug) makes the form invalid: the view answers 400
with the page and a message, never a 500.
"""

import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django_countries import countries

from blog import kinds
from blog.models import FIRST_JOURNEY_YEAR, LAST_JOURNEY_YEAR, TutorialPage

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 40
WORD = re.compile(r"\w+")


def type_choices():
    return [(kind.key, kind.plural) for kind in kinds.all_kinds()]


SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest")]
# Filters that only stories and tutorials have: choosing one leaves authors out.
ARTICLE_FILTERS = ("tag", "author", "difficulty", "start", "country", "year")
FILTERS = ("type", *ARTICLE_FILTERS)


def clean_query(value):
    """The query as the page shows it: printable, single-spaced, at most 200 characters,
    cut between words."""
    value = unicodedata.normalize("NFC", str(value or ""))
    printable = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} else char for char in value
    )
    text = " ".join(printable.split())
    if len(text) > MAX_QUERY_LENGTH:
        # Cut on a word boundary: half a word would be searched for as a word.
        text = text[: MAX_QUERY_LENGTH + 1]
        text = text.rsplit(" ", 1)[0] if " " in text else text[:MAX_QUERY_LENGTH]
    return text.strip()


def query_terms(query):
    """The words a query searches for, lowercased: letters and digits in any script.

    Everything else (operators, quotes, brackets, emoji, markup) separates words."""
    terms = []
    for word in WORD.findall(unicodedata.normalize("NFKC", query).lower()):
        word = word.strip("_")[:MAX_TERM_LENGTH]
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


class QueryField(forms.Field):
    """The query text: cleaned, never invalid (not even with a NUL byte in it)."""

    def to_python(self, value):
        return clean_query(value)


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    tag: str = ""
    author: str = ""
    difficulty: str = ""
    start: str = ""
    country: str = ""
    year: int | None = None

    @property
    def active(self):
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}


class SearchForm(forms.Form):
    q = QueryField(required=False)
    type = forms.ChoiceField(required=False, choices=type_choices)
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    author = forms.SlugField(required=False, max_length=255, allow_unicode=True)
    difficulty = forms.ChoiceField(required=False, choices=TutorialPage.Difficulty.choices)
    start = forms.CharField(required=False, max_length=100)
    country = forms.ChoiceField(required=False, choices=lambda: list(countries))
    year = forms.IntegerField(
        required=False, min_value=FIRST_JOURNEY_YEAR, max_value=LAST_JOURNEY_YEAR
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    @property
    def filters(self):
        data = self.cleaned_data
        values = {name: data.get(name) or "" for name in FILTERS}
        values["year"] = data.get("year")
        return SearchFilters(**values)

    @property
    def sort_order(self):
        return self.cleaned_data.get("sort") or "relevance"

    def error_messages(self):
        """One line per bad parameter, for the page (escaped by the template)."""
        return [
            f"{name}: {' '.join(str(message) for message in messages)}"
            for name, messages in self.errors.items()
        ]
