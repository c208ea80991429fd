"""Stories and tutorials out as Markdown files with YAML front matter, in the format
``import_stories`` reads back, with their cover images next to them.

By default only what readers see is written (``visible()``: live, public, not expired), and
a published piece is written as its live version: the page row, never a newer draft revision.
With ``include_drafts`` every story and tutorial is written as its newest revision (what the
admin's editor shows), drafts marked ``draft: true``.

    DIR/<slug>.md            one file per piece (slug-based; "-<id>" added on a clash)
    DIR/images/<file>        cover images, read through the image's storage (works on S3)

Reading goes through bulk queries (bylines, tags, milestones, revisions, authors, images
and series each in one query), so the number of queries does not grow with the pieces.
"""

import datetime
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Revision

from blog.models import AuthorPage, JourneyStoryPage, TutorialSeries

from .cleaning import fold
from .kinds import KIND_OF_MODEL, MODELS, STORY, TUTORIAL

IMAGES_FOLDER = "images"
_CHUNK = 1024 * 1024


class ExportError(Exception):
    """The export cannot start: a bad folder, an unknown author."""


@dataclass
class ExportedPiece:
    title: str
    kind_label: str
    filename: str
    draft: bool = False
    image: str = ""


@dataclass
class ExportReport:
    directory: Path
    dry_run: bool = False
    pieces: list = field(default_factory=list)
    images: list = field(default_factory=list)  # file names written (or that would be)
    problems: list = field(default_factory=list)  # "what went wrong" lines; exit non-zero

    def count(self, kind_label):
        return sum(1 for piece in self.pieces if piece.kind_label == kind_label)

    def summary(self):
        counts = []
        for model in MODELS.values():
            n = self.count(model._meta.verbose_name)
            counts.append(f"{n} {(model.kind.label if n == 1 else model.kind.plural).lower()}")
        drafts = sum(1 for piece in self.pieces if piece.draft)
        verb = "Would export" if self.dry_run else "Exported"
        text = f"{verb} {' and '.join(counts)}"
        if drafts:
            text += f" ({drafts} draft{'' if drafts == 1 else 's'})"
        text += f" with {len(self.images)} image{'' if len(self.images) == 1 else 's'}"
        text += f" to {self.directory}"
        if self.problems:
            text += f"; {len(self.problems)} problem{'' if len(self.problems) == 1 else 's'}"
        return text + (" (dry run: nothing was written)." if self.dry_run else ".")


# Reading ---------------------------------------------------------------------------------


def authors_named(name):
    """Author profile ids whose name matches ``name``, ignoring case and accents."""
    wanted = fold(name)
    return {
        pk
        for pk, title, draft_title in AuthorPage.objects.values_list("pk", "title", "draft_title")
        if wanted in (fold(title), fold(draft_title or ""))
    }


def _rows(model, include_drafts):
    pages = model.objects.all() if include_drafts else model.objects.visible()
    lookups = ["article_authors", "tagged_items"]
    if model is JourneyStoryPage:
        lookups.append("milestones")
    return list(pages.prefetch_related(*lookups).order_by("path"))


def _revision_version(page, content):
    """The page as a revision has it, built without a query (Wagtail's own
    ``with_content_json`` looks up the parent, locale and comments for each page)."""
    version = type(page).from_serializable_data(content, check_fks=False, strict_fks=False)
    version.pk = version.id = page.pk
    version.live = page.live
    version.has_unpublished_changes = page.has_unpublished_changes
    version.latest_revision_id = page.latest_revision_id
    version.first_published_at = version.first_published_at or page.first_published_at
    return version


def pieces_for_export(*, include_drafts=False, author_ids=None):
    """Stories then tutorials, each the version to write: the live page row for a published
    piece; with ``include_drafts``, the newest revision of a piece with unsaved changes.
    ``author_ids`` keeps the pieces bylined to one of those profiles."""
    pages = [page for model in MODELS.values() for page in _rows(model, include_drafts)]
    if include_drafts:
        newer = {
            page.latest_revision_id: index
            for index, page in enumerate(pages)
            if page.latest_revision_id and (not page.live or page.has_unpublished_changes)
        }
        contents = Revision.objects.filter(pk__in=newer).values_list("pk", "content")
        for pk, content in contents:
            index = newer[pk]
            pages[index] = _revision_version(pages[index], content)
    if author_ids is not None:
        pages = [
            page
            for page in pages
            if {byline.author_id for byline in page.article_authors.all()} & author_ids
        ]
    return pages


# Writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe YAML, one line per value: a string with a line break or an odd character is
    double-quoted with escapes, so no line of the front matter can read as its fence."""


def _represent_str(dumper, value):
    if any(ch in value for ch in "\n\r\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def dump_front_matter(meta):
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _date_of(page):
    if page.original_published_at:
        return page.original_published_at
    if page.first_published_at:
        return timezone.localtime(page.first_published_at).date()
    return None


def front_matter(page, *, author_names, tags, image_path="", image_alt="", series=None):
    """The keys the importer reads, in reading order; empty values left out."""
    kind = KIND_OF_MODEL[type(page)]
    date = _date_of(page)
    meta = {
        "title": page.title,
        "type": kind,
        "slug": page.slug,
        "summary": page.summary,
        "date": date,
        "authors": author_names,
        "tags": sorted(tags, key=str.casefold),
        "canonical_url": page.canonical_url,
        "cover_image": image_path,
        "cover_image_alt": image_alt,
    }
    if page.live and page.first_published_at:
        first = page.first_published_at
        meta["first_published_at"] = first.astimezone(datetime.UTC).replace(microsecond=0)
    if date is not None and not page.original_published_at:
        # "date" is our own first publication: say there is no date elsewhere, or the
        # importer would take it for one (and a re-import would change the page).
        meta["original_published_at"] = None
    if kind == STORY:
        meta["starting_point"] = page.starting_point
        meta["country"] = getattr(page.country, "code", page.country) or ""
        meta["city"] = page.city
        meta["journey_started_year"] = page.journey_started_year
        meta["milestones"] = [
            {"year": milestone.year, "text": milestone.text} for milestone in page.milestones.all()
        ]
    elif kind == TUTORIAL:
        meta["difficulty"] = page.difficulty
        meta["estimated_minutes"] = page.estimated_minutes
        meta["prerequisites"] = [
            line.strip() for line in (page.prerequisites or "").splitlines() if line.strip()
        ]
        meta["series"] = series.title if series is not None else ""
        meta["series_position"] = page.series_position if series is not None else None
    else:
        for name in page.kind.fields:
            meta[name] = getattr(page, page._meta.get_field(name).attname)
    if not page.live:
        meta["draft"] = True
    return {
        key: value
        for key, value in meta.items()
        if value not in (None, "", []) or key == "original_published_at"
    }


def piece_markdown(meta, body):
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"---\n{dump_front_matter(meta)}---\n\n{body}\n"


def _filename(page, taken):
    stem = page.slug or f"piece-{page.pk}"
    name = f"{stem}.md"
    if name.casefold() in taken:
        name = f"{stem}-{page.pk}.md"
    taken.add(name.casefold())
    return name


def _image_name(image, taken):
    name = PurePosixPath(image.file.name).name or f"image-{image.pk}"
    if name.casefold() in taken:
        stem, _, suffix = name.rpartition(".")
        name = f"{stem}-{image.pk}.{suffix}" if stem else f"{name}-{image.pk}"
    taken.add(name.casefold())
    return name


def prepare_directory(directory, *, dry_run):
    """Create the folder (not on a dry run) and make sure files can be written in it."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file, not a folder.")
    if dry_run:
        return directory
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".export-check-"):
            pass
    except OSError as error:
        raise ExportError(f"Cannot write to {directory}: {error.strerror or error}.") from None
    return directory


def _write_text(path, text):
    """Write through a temporary file, so a failed run never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _copy_image(image, path):
    """Copy an original image out of its storage (local or S3), unless already there."""
    storage = image.file.storage
    if path.exists() and image.file_size and path.stat().st_size == image.file_size:
        return
    path.parent.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out, storage.open(image.file.name, "rb") as source:
            while chunk := source.read(_CHUNK):
                out.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Related:
    """What the pieces' front matter names, each kind fetched in one query: bylines' names,
    tags, cover images and series."""

    def __init__(self, pages):
        self.bylines = {p.pk: [b.author_id for b in p.article_authors.all()] for p in pages}
        self.tag_ids = {p.pk: [item.tag_id for item in p.tagged_items.all()] for p in pages}
        author_ids = {pk for ids in self.bylines.values() for pk in ids}
        self.names = dict(AuthorPage.objects.filter(pk__in=author_ids).values_list("pk", "title"))
        tag_ids = {pk for ids in self.tag_ids.values() for pk in ids}
        self.tags = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        self.images = get_image_model().objects.in_bulk({p.cover_image_id for p in pages} - {None})
        series_ids = {getattr(p, "series_id", None) for p in pages} - {None}
        self.series = TutorialSeries.objects.in_bulk(series_ids)

    def author_names(self, page):
        return [self.names[pk] for pk in self.bylines[page.pk] if pk in self.names]

    def tag_names(self, page):
        return [self.tags[pk] for pk in self.tag_ids[page.pk] if pk in self.tags]

    def series_of(self, page):
        return self.series.get(getattr(page, "series_id", None))


class _Covers:
    """Cover images copied into the images folder, each once however many pieces show it,
    under names that do not clash."""

    def __init__(self, report, images):
        self.report = report
        self.images = images
        self.names = {}  # image id → its file name, "" when it could not be read
        self.taken = set()

    def path_of(self, page):
        """(image, its path from the export's folder), or (None, "") without a cover."""
        image = self.images.get(page.cover_image_id)
        if image is None:
            return None, ""
        name = self.names.get(image.pk)
        if name is None:
            name = self.names[image.pk] = self._copy(image, page)
        return image, f"{IMAGES_FOLDER}/{name}" if name else ""

    def _copy(self, image, page):
        name = _image_name(image, self.taken)
        try:
            if not self.report.dry_run:
                _copy_image(image, self.report.directory / IMAGES_FOLDER / name)
        except Exception as error:  # a missing file, a store that is down (S3)
            self.report.problems.append(
                f"cover image of “{page.title}” ({image.file.name}) could not be read: {error}"
            )
            return ""
        self.report.images.append(name)
        return name


def stories_export(*, directory, author=None, include_drafts=False, dry_run=False, progress=None):
    """Write the pieces to ``directory``. ``progress(done, total, piece)`` is called after
    each one. Raises ``ExportError`` before writing anything when the folder cannot be
    used or no author has that name; a cover image that cannot be read is reported in
    ``problems`` and its piece is written without it."""
    author_ids = None
    if author:
        author_ids = authors_named(author)
        if not author_ids:
            raise ExportError(f"No author profile is named “{author}”.")
    directory = prepare_directory(directory, dry_run=dry_run)
    pages = pieces_for_export(include_drafts=include_drafts, author_ids=author_ids)
    related = _Related(pages)
    report = ExportReport(directory=directory, dry_run=dry_run)
    covers, taken = _Covers(report, related.images), set()
    for done, page in enumerate(pages, start=1):
        image, image_path = covers.path_of(page)
        meta = front_matter(
            page,
            author_names=related.author_names(page),
            tags=related.tag_names(page),
            image_path=image_path,
            image_alt=(image.description or "") if image_path else "",
            series=related.series_of(page),
        )
        piece = ExportedPiece(
            title=page.title,
            kind_label=type(page)._meta.verbose_name,
            filename=_filename(page, taken),
            draft=not page.live,
            image=image_path,
        )
        if not dry_run:
            _write_text(directory / piece.filename, piece_markdown(meta, page.body))
        report.pieces.append(piece)
        if progress:
            progress(done, len(pages), piece)
    return report
