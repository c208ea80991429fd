"""Reading one front-matter value as what a field needs: text, a list of names, a date,
true or false, a whole number in a range, a duration, a difficulty, milestones, a cover,
a country. Each takes the value, its key as the file writes it (for messages) and the
document (for the key's line), and raises ``ImportProblem`` naming both when the value
cannot be read.
"""

import datetime
import re

from dateutil import parser as dateparser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django_countries import countries

from blog.models import FIRST_JOURNEY_YEAR, LAST_JOURNEY_YEAR

from . import cleaning
from .frontmatter import fold_key
from .problems import ImportProblem

CANONICAL_URL_MAX = 500  # ArticlePage.canonical_url
DIFFICULTIES = {
    "beginner": "beginner", "easy": "beginner", "basic": "beginner", "introductory": "beginner",
    "novice": "beginner",
    "intermediate": "intermediate", "medium": "intermediate", "moderate": "intermediate",
    "advanced": "advanced", "hard": "advanced", "expert": "advanced",
}  # fmt: skip


def _is_scalar(value):
    return isinstance(value, str | int | float | bool | datetime.date)


def as_text(value, key, doc):
    if value is None:
        return ""
    if not _is_scalar(value) or isinstance(value, bool):
        raise ImportProblem(f"{key}: expected text", line=doc.line_of(key))
    return str(value)


def as_names(value, key, doc, *, split_commas=True, split_spaces=False):
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


def is_web_address(text):
    """A link found in the text is kept as the canonical URL only when it is one: the file
    never asked for it, so a bad one must not fail the import."""
    if not text or len(text) > CANONICAL_URL_MAX:
        return False
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def as_date(value, key, doc):
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


def as_bool(value, key, doc):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "on", "1"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "off", "0", ""}:
        return False
    raise ImportProblem(f"{key}: expected true or false, not {value!r}", line=doc.line_of(key))


def as_field(value, key, doc, model_field):
    """A value for a page type's own field that has no reader of its own here (a type added
    to ``blog.kinds`` later): the model field's own conversion and validators decide."""
    if value is None or value == "":
        return None if model_field.null else model_field.get_default()
    try:
        return model_field.clean(as_text(value, key, doc).strip(), None)
    except ValidationError as error:
        raise ImportProblem(f"{key}: {' '.join(error.messages)}", line=doc.line_of(key)) from None


def as_int(value, key, doc, *, low=None, high=None):
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


def as_year(value, key, doc):
    """A year a journey can have been in."""
    return as_int(value, key, doc, low=FIRST_JOURNEY_YEAR, high=LAST_JOURNEY_YEAR)


_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|d|days?)\b", re.IGNORECASE
)


def as_minutes(value, key, doc):
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


def as_milestones(value, key, doc):
    """(year, text) pairs from a list of ``{year, text}``, of "2019: text" lines, or a
    mapping of year to text."""
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
        found.append((as_year(year, key, doc), cleaning.one_line(text)))
    return found


def as_cover(value, key, doc):
    """A path or URL, and alt text when the front matter gives one with it."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        alt = value.get("alt") or value.get("caption") or ""
        value = value.get("image") or value.get("src") or value.get("url") or ""
        return as_text(value, key, doc).strip(), cleaning.one_line(as_text(alt, key, doc))
    return as_text(value, key, doc).strip(), ""


def as_difficulty(value, key, doc):
    """A tutorial's level, from the words platforms use for it ("hard" is advanced)."""
    if value in (None, ""):
        return None
    level = DIFFICULTIES.get(fold_key(as_text(value, key, doc)))
    if level is None:
        raise ImportProblem(
            f"{key}: {value!r} is not beginner, intermediate or advanced",
            line=doc.line_of(key),
        )
    return level


def country_code(value):
    """A country's two-letter code from its code or its English name, or "" when it is
    neither: an unknown country is reported, not a reason to fail the file."""
    code = value.upper() if len(value) == 2 and value.upper() in dict(countries) else ""
    return code or countries.by_name(value) or ""
