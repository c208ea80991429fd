"""Reading the demo's files in ``demo/content/``; nothing here writes.

    site.yaml           the home page's title and intro, the index of each page type (by its
                        key in ``blog/kinds.py``), the tutorial series, the home page's picks
    authors/<slug>.md   an author profile: ``name``, ``location``, ``colour`` (its avatar's)
                        and ``links`` (``kind`` and ``url``) as front matter, the bio as body
    pages/<slug>.md     one of the site's own pages (About, Code of conduct): ``title`` as
                        front matter, the page's text as body
    any other .md file  a story or a tutorial, in the importer's own format: the front matter
                        ``import_stories`` reads and ``export_stories`` writes

Markdown files are read by the importer's reader (``importer.parsing``), so a problem is an
``ImportProblem`` with the file's line, reported as the importer reports one (an
``ImportResult`` that failed). ``read_content`` reads every file before anything is written.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from blog.models import AuthorLink
from importer.cleaning import one_line
from importer.mapping import StoryData
from importer.parsing import parse_story, read_document
from importer.problems import ImportProblem
from importer.services import FAILED, ImportResult, collect_sources
from importer.values import as_text

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SITE_FILE = "site.yaml"
AUTHORS_FOLDER = "authors"
AUTHOR_KEYS = ("name", "location", "colour", "links")
PAGES_FOLDER = "pages"
PAGE_KEYS = ("title",)
DEFAULT_COLOUR = "#375a7f"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Site:
    title: str = "Backend Journeys"
    intro: str = ""
    indexes: dict = field(default_factory=dict)  # kind key → {"slug", "title", "intro"}
    series: list = field(default_factory=list)  # {"slug", "title", "description"}
    featured: list = field(default_factory=list)  # page slugs, in order


@dataclass(frozen=True)
class AuthorFile:
    slug: str
    name: str
    bio: str = ""
    location: str = ""
    colour: str = DEFAULT_COLOUR
    links: tuple = ()  # (kind, url) pairs


@dataclass(frozen=True)
class InfoPageFile:
    slug: str
    title: str
    body: str = ""


@dataclass(frozen=True)
class PieceFile:
    """A story or tutorial file: its bytes for the importer, and what the importer read."""

    path: Path
    root: Path  # the content folder: a cover the file names must be inside it
    name: str  # for messages
    data: bytes
    story: StoryData


@dataclass
class DemoContent:
    site: Site = field(default_factory=Site)
    authors: list = field(default_factory=list)
    pieces: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # the site's own pages (``InfoPageFile``)
    problems: list = field(default_factory=list)  # failed ``ImportResult``s


def display_name(path):
    """A file's name in messages: from the project's folder when it is inside it."""
    path = Path(path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return os.path.relpath(path, base) if path.is_relative_to(base) else str(path)


def read_content(folder=None):
    """Everything in the demo folder, read; ``problems`` lists the files that could not be."""
    folder = Path(folder or CONTENT_DIR)
    content = DemoContent()
    if (folder / SITE_FILE).is_file():
        content.site = _attempt(content, folder / SITE_FILE, read_site) or Site()
    authors = folder / AUTHORS_FOLDER
    for path, _root in collect_sources([authors])[0] if authors.is_dir() else []:
        content.authors.append(_attempt(content, path, read_author))
    pages = folder / PAGES_FOLDER
    for path, _root in collect_sources([pages])[0] if pages.is_dir() else []:
        content.pages.append(_attempt(content, path, read_info_page))
    for path, root in collect_sources([folder])[0]:
        if not path.is_relative_to(authors) and not path.is_relative_to(pages):
            content.pieces.append(_attempt(content, path, read_piece, root=root))
    content.authors = [author for author in content.authors if author is not None]
    content.pages = [page for page in content.pages if page is not None]
    content.pieces = [piece for piece in content.pieces if piece is not None]
    return content


def _attempt(content, path, reader, **options):
    try:
        return reader(path, **options)
    except ImportProblem as problem:
        failure = ImportResult(display_name(path), FAILED, error=problem.message, line=problem.line)
        content.problems.append(failure)
    except (OSError, UnicodeDecodeError) as error:
        content.problems.append(ImportResult(display_name(path), FAILED, error=str(error)))
    return None


def read_piece(path, *, root):
    data = path.read_bytes()
    story = parse_story(data, name=path.name)
    return PieceFile(path=path, root=root, name=display_name(path), data=data, story=story)


# site.yaml -------------------------------------------------------------------------------


def read_site(path):
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ImportProblem(f"broken YAML: {problem}", line=mark and mark.line + 1) from None
    if not isinstance(raw, dict):
        raise ImportProblem("expected keys and values (key: value)", line=1)
    lines = {key: _line_of(text, key) for key in ("home", "indexes", "series", "featured")}
    home = _typed(raw, "home", dict, lines)
    indexes = _typed(raw, "indexes", dict, lines)
    if not all(isinstance(spec, dict) for spec in indexes.values()):
        raise ImportProblem(
            "indexes: each type's index is a slug, title and intro", line=lines["indexes"]
        )
    series = _typed(raw, "series", list, lines)
    if not all(
        isinstance(spec, dict) and spec.get("slug") and spec.get("title") for spec in series
    ):
        raise ImportProblem("series: each series needs a slug and a title", line=lines["series"])
    return Site(
        title=str(home.get("title") or Site.title),
        intro=str(home.get("intro") or ""),
        indexes=indexes,
        series=series,
        featured=[str(slug) for slug in _typed(raw, "featured", list, lines)],
    )


def _typed(raw, key, kind, lines):
    value = raw.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        expected = "a list" if kind is list else "keys and values"
        raise ImportProblem(f"{key}: expected {expected}", line=lines[key])
    return value


def _line_of(text, key):
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


# authors/<slug>.md -----------------------------------------------------------------------


def read_author(path):
    doc = read_document(path.read_bytes(), name=path.name)
    for key in doc.meta:
        if key not in AUTHOR_KEYS:
            raise ImportProblem(
                f"{doc.key_names[key]}: an author file's keys are {', '.join(AUTHOR_KEYS)}",
                line=doc.line_of(key),
            )
    name = one_line(as_text(doc.meta.get("name"), "name", doc))
    if not name:
        raise ImportProblem("name: an author file needs the person's name", line=1)
    colour = as_text(doc.meta.get("colour"), "colour", doc).strip() or DEFAULT_COLOUR
    if not _COLOUR.fullmatch(colour):
        raise ImportProblem(
            f"colour: expected a colour such as {DEFAULT_COLOUR}, not {colour!r}",
            line=doc.line_of("colour"),
        )
    return AuthorFile(
        slug=slugify(path.stem),
        name=name,
        bio=doc.body.strip(),
        location=one_line(as_text(doc.meta.get("location"), "location", doc)),
        colour=colour,
        links=tuple(_link(item, doc) for item in doc.meta.get("links") or []),
    )


def read_info_page(path):
    doc = read_document(path.read_bytes(), name=path.name)
    for key in doc.meta:
        if key not in PAGE_KEYS:
            raise ImportProblem(
                f"{doc.key_names[key]}: a page file's keys are {', '.join(PAGE_KEYS)}",
                line=doc.line_of(key),
            )
    title = one_line(as_text(doc.meta.get("title"), "title", doc))
    if not title:
        raise ImportProblem("title: a page file needs a title", line=1)
    return InfoPageFile(slug=slugify(path.stem), title=title, body=doc.body.strip())


def _link(item, doc):
    """(kind, url) from ``{kind: github, url: https://…}``, each checked as the admin would."""
    line = doc.line_of("links")
    if not isinstance(item, dict) or set(item) - {"kind", "url"}:
        raise ImportProblem("links: expected a list of kind and url", line=line)
    kind = as_text(item.get("kind") or AuthorLink.Kind.WEBSITE, "links", doc)
    if kind not in AuthorLink.Kind.values:
        known = ", ".join(AuthorLink.Kind.values)
        raise ImportProblem(f"links: {kind!r} is not one of {known}", line=line)
    url = as_text(item.get("url"), "links", doc).strip()
    if not url:
        raise ImportProblem(f"links: the {kind} link has no url", line=line)
    try:
        AuthorLink._meta.get_field("url").run_validators(url)
    except ValidationError as error:
        raise ImportProblem(f"links: {url!r}: {' '.join(error.messages)}", line=line) from None
    return kind, url
