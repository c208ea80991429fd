"""A parsed document to ``StoryData``, the fields of a page: which front-matter keys give
each field, and ``story_from_document``, a short sequence of steps that each read their
own keys and clean the body on the way.

Keys are read the way DEV.to, Hashnode, Jekyll, Hugo and the Next.js starter blogs write
them (``description`` for the summary, ``published: false`` for a draft, ``canonical_url``
or ``canonicalURL``…), compared without case, ``_`` or ``-``. What the mapping did (a
derived summary, a dropped tag, keys it did not use) is kept in ``notes`` for the person
importing. Nothing here touches the database.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from taggit.models import Tag

from . import cleaning
from .frontmatter import fold_key
from .kinds import KINDS, MODELS, STORY, TUTORIAL
from .problems import ImportProblem
from .values import (
    as_bool,
    as_cover,
    as_date,
    as_difficulty,
    as_field,
    as_int,
    as_milestones,
    as_minutes,
    as_names,
    as_text,
    as_year,
    is_web_address,
)

MAX_TAGS = 30
MAX_AUTHORS = 10
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
# A Next.js starter blog's "authors: ['default']" names its own author file, not a person.
PLACEHOLDER_AUTHORS = {"default", "admin", "author", "anonymous", "unknown"}
# "Jane Doe <jane@example.com> (https://jane.dev)", as package.json writes a person.
_EMAIL_OR_URL = re.compile(r"\s*(?:<[^<>\s]+@[^<>\s]+>|\((?:https?://|mailto:)[^()\s]*\))")
MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)  # Jekyll's and Hugo's summary divider

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
    # Any other page type: its own fields (``blog.kinds``), by column name
    own_fields: dict = field(default_factory=dict)
    # What the clean-up did
    notes: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    author_from_leftovers: str = ""
    key_lines: dict = field(default_factory=dict)

    def line_of(self, key):
        return self.key_lines.get(fold_key(key))

    def field_line(self, name):
        """The line of the key that gave the field ``name``, whichever alias the file used."""
        for alias in KEYS.get(name, [name]):
            line = self.line_of(alias)
            if line:
                return line
        return None


class _Meta:
    """The front matter, read by field name through the key aliases."""

    def __init__(self, doc):
        self.doc = doc
        self.used = set()

    def find(self, name):
        for alias in KEYS.get(name, [name]):
            folded = fold_key(alias)
            if folded in self.doc.meta:
                self.used.add(folded)
                # Messages name the key as the file writes it ("datePublished").
                return self.doc.key_names.get(folded, alias), self.doc.meta[folded]
        return KEYS.get(name, [name])[0], None

    def read(self, name, reader, **options):
        """The field ``name`` read by one of ``values``' readers."""
        key, value = self.find(name)
        return reader(value, key, self.doc, **options)

    def one_line(self, name):
        """A field's text, on one line (titles, names, places)."""
        return cleaning.one_line(self.read(name, as_text))

    def unused(self):
        return sorted(self.doc.key_names.get(key, key) for key in set(self.doc.meta) - self.used)


def story_from_document(doc, *, today=None):
    """Map a document to ``StoryData``, cleaning the body on the way. The steps run in the
    order a file's problems are reported in."""
    meta = _Meta(doc)
    story = StoryData(kind=STORY, title="", body="", key_lines=dict(doc.key_lines))
    story.kind = _kind(meta, story)
    story.title, story.body = _title_and_body(doc, meta, story)
    footer_url = _clean_body(doc, story)
    _summary(meta, story, excerpt=_take_excerpt(meta, story))
    _dates(meta, story, today=today or timezone.localdate())
    story.tags = _tags(meta, story)
    story.authors = _authors(meta, story)
    story.draft = _draft(meta)
    _links(meta, story, footer_url=footer_url)
    _journey(meta, story)
    _tutorial(meta, story)
    _own_fields(meta, story)
    _note_what_was_left_out(meta, story)
    return story


def _kind(meta, story):
    key, value = meta.find("kind")
    if value in (None, ""):
        return STORY
    kind = KINDS.get(fold_key(as_text(value, key, meta.doc)))
    if kind is None:
        story.notes.append(f"type {value!r} is not one we know: imported as a story")
        return STORY
    return kind


def _title_and_body(doc, meta, story):
    title = meta.one_line("title")
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


def _clean_body(doc, story):
    """Plain text to Markdown, platform leftovers removed. Returns the address a footer
    gave away ("Originally published at …"), or ""."""
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
    return cleaned.canonical_url


def _take_excerpt(meta, story):
    """The text before an excerpt separator (``<!--more-->``, or the front matter's own
    ``excerpt_separator``), and the body without the separator, which is only a marker."""
    own = meta.read("excerpt_separator", as_text).strip()
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


def _summary(meta, story, *, excerpt):
    """The front matter's summary cut to fit, else the excerpt, else the text's opening."""
    story.summary = meta.one_line("summary")
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


def _dates(meta, story, *, today):
    """The original publication day, a go-live moment when the date is still to come, and
    the first publication here (what an export writes)."""
    key, value = meta.find("original_published_at")
    explicit_original = fold_key(key) in meta.doc.meta
    date_key, date_value = meta.find("date")
    if isinstance(date_value, bool):  # DEV.to's "published: true" is a flag, not a date
        date_value = None
        meta.used.discard(fold_key(date_key))
    when = as_date(date_value, date_key, meta.doc)
    original = as_date(value, key, meta.doc) if explicit_original else when
    if isinstance(original, datetime.datetime):
        original = original.date()  # the day as written, in the writer's own time zone
    story.original_published_at = original
    if when is not None:
        moment = _aware(when)
        if timezone.localtime(moment).date() > today or moment > timezone.now():
            story.go_live_at = moment
    story.first_published_at = _aware(meta.read("first_published_at", as_date))


def _aware(when):
    """A date as the start of its day here; a datetime (aware already) as it is."""
    if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
        return timezone.make_aware(datetime.datetime.combine(when, datetime.time.min))
    return when


def _tags(meta, story):
    """Tags and categories together (Jekyll and Hugo have both; here both are tags)."""
    found = []
    for field_name in ("tags", "categories"):
        key, value = meta.find(field_name)
        found += [(key, name) for name in as_names(value, key, meta.doc, split_spaces=True)]
    tags, seen = [], set()
    for key, name in found:
        name = name.lstrip("#").strip()
        if len(name) > TAG_MAX_LENGTH:
            raise ImportProblem(
                f"{key}: a tag is longer than {TAG_MAX_LENGTH} characters",
                line=meta.doc.line_of(key),
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


def _authors(meta, story):
    """The names a file gives, without addresses or a starter blog's placeholder."""
    names = [_EMAIL_OR_URL.sub("", name).strip() or name for name in meta.read("authors", as_names)]
    named = [n for n in names if n.casefold() not in PLACEHOLDER_AUTHORS]
    if len(named) < len(names):
        story.notes.append("author “default” is a starter blog's placeholder, not a name")
    return list(dict.fromkeys(named))[:MAX_AUTHORS]


def _draft(meta):
    doc = meta.doc
    for alias in KEYS["draft"]:
        folded = fold_key(alias)
        if folded not in doc.meta:
            continue
        value = doc.meta[folded]
        meta.used.add(folded)
        if folded == "published":
            if isinstance(value, bool) or str(value).lower() in {"true", "false"}:
                return not as_bool(value, alias, doc)
            continue  # a date under "published" was read as the date
        if folded == "status":
            return str(value).strip().lower() not in {"published", "publish", "public", "live"}
        return as_bool(value, alias, doc)
    return False


def _links(meta, story, *, footer_url):
    """The canonical URL (else one a footer gave away), the cover image and the slug."""
    story.canonical_url = meta.read("canonical_url", as_text).strip()
    if not story.canonical_url and is_web_address(footer_url):
        story.canonical_url = footer_url
        story.notes.append(f"canonical URL taken from the text: {footer_url}")
    story.cover_image, story.cover_image_alt = meta.read("cover_image", as_cover)
    story.cover_image_alt = meta.one_line("cover_image_alt") or story.cover_image_alt
    story.slug = meta.read("slug", as_text).strip()


def _journey(meta, story):
    story.starting_point = meta.one_line("starting_point")
    story.country = meta.one_line("country")
    story.city = meta.one_line("city")
    story.journey_started_year = meta.read("journey_started_year", as_year)
    story.milestones = meta.read("milestones", as_milestones)


def _tutorial(meta, story):
    story.difficulty = meta.read("difficulty", as_difficulty) or story.difficulty
    story.estimated_minutes = meta.read("duration", as_minutes)
    key, value = meta.find("prerequisites")
    if isinstance(value, list):
        story.prerequisites = "\n".join(as_names(value, key, meta.doc, split_commas=False))
    else:
        story.prerequisites = as_text(value, key, meta.doc).strip()
    key, value = meta.find("series")
    if isinstance(value, dict):
        name = as_text(value.get("name") or value.get("title"), key, meta.doc)
        story.series = cleaning.one_line(name)
        part = value.get("part") or value.get("position")
        story.series_position = as_int(part, key, meta.doc, low=1)
    else:
        story.series = cleaning.one_line(as_text(value, key, meta.doc))
    story.series_position = meta.read("series_position", as_int, low=1) or story.series_position


def _own_fields(meta, story):
    """A type other than the two read above: each of its kind's fields, as its model reads it."""
    if story.kind in (STORY, TUTORIAL):
        return
    for name in MODELS[story.kind].kind.fields:
        model_field = MODELS[story.kind]._meta.get_field(name)
        story.own_fields[model_field.attname] = meta.read(name, as_field, model_field=model_field)


def _note_what_was_left_out(meta, story):
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
