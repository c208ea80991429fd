"""Use cases for moving stories in: ``story_import`` for one file, ``stories_import`` for many.

Each file is one transaction: it becomes a page (a draft journey story, or a tutorial when its
front matter says ``type: tutorial``) under the first story or tutorial index, through
Wagtail's own calls (``add_child``, ``save_revision``, ``publish``), or a new revision of the
page it was imported as before (same canonical URL, or same title when it has none). A file
that fails leaves nothing behind, not even a stored image, and the next file goes on.

Authors are matched to profiles by name, ignoring case and accents, or created as draft
profiles. A file that names nobody is bylined to the owner's profile (made the way a
confirmed contributor's is, when missing), then to a name its platform's footer gave away,
then to a draft "Unknown author" profile an editor replaces.

``user`` is who asks: ``None`` for the command line (trusted, like ``manage.py`` itself),
or an admin user whose page permissions are checked (the admin upload).
"""

import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.utils.file import hash_filelike

from blog.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    JourneyMilestone,
    TutorialSeries,
)
from blog.services import author_profile_create, page_backdate, unique_slug
from uploads.forms import checked_image_file

from . import cleaning
from .kinds import INDEXES, MODELS, STORY, TUTORIAL, TYPE_FIELDS
from .parsing import SUFFIXES, parse_story_bounded
from .problems import ImportProblem
from .values import country_code

logger = logging.getLogger(__name__)

__all__ = [
    "CREATED",
    "FAILED",
    "UNCHANGED",
    "UPDATED",
    "ImportReport",
    "ImportResult",
    "ImportSource",
    "collect_sources",
    "stories_import",
    "story_import",
]

IMPORT_ACTION = "importer.import"
CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
UNKNOWN_AUTHOR = "Unknown author"
STARTING_POINT_UNKNOWN = "Not stated"
TITLE_MAX_LENGTH = ArticlePage._meta.get_field("title").max_length
NAME_MAX_LENGTH = AuthorPage._meta.get_field("title").max_length
# Files in a folder that are about the folder, not stories.
NOT_STORIES = {"readme", "license", "licence", "changelog", "contributing", "index"}
_WEB_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

COMMON_FIELDS = ["title", "summary", "body", "original_published_at", "canonical_url"]


@dataclass(frozen=True)
class ImportSource:
    """One file to import: its name for messages, its bytes, and the folder its relative
    image paths are read from (``None`` for an upload, which has no folder)."""

    name: str
    data: bytes
    folder: Path | None = None
    root: Path | None = None  # images must be inside this folder

    @classmethod
    def from_path(cls, path, *, root=None):
        path = Path(path)
        return cls(str(path), path.read_bytes(), path.parent, Path(root or path.parent))


@dataclass
class ImportResult:
    source: str
    status: str
    title: str = ""
    kind_label: str = ""
    state: str = ""
    page_id: int | None = None
    notes: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    error: str = ""
    line: int | None = None
    dry_run: bool = False

    @property
    def failed(self):
        return self.status == FAILED

    @property
    def location(self):
        return f"{self.source}, line {self.line}" if self.line else self.source

    def describe(self):
        if self.failed:
            return f"{self.location}: {self.error}"
        verbs = {CREATED: "Created", UPDATED: "Updated", UNCHANGED: "Unchanged"}
        if self.dry_run:
            verbs = {CREATED: "Would create", UPDATED: "Would update", UNCHANGED: "Unchanged"}
        state = f" ({self.state})" if self.state else ""
        return f"{verbs[self.status]} {self.kind_label} “{self.title}”{state} from {self.source}"


@dataclass
class ImportReport:
    results: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, status):
        return sum(1 for result in self.results if result.status == status)

    @property
    def failures(self):
        return [result for result in self.results if result.failed]

    def summary(self):
        counts = ", ".join(
            f"{status} {self.count(status)}" for status in (CREATED, UPDATED, UNCHANGED, FAILED)
        )
        suffix = " (dry run: nothing was written)" if self.dry_run else ""
        return f"{len(self.results)} file(s): {counts}{suffix}."


def collect_sources(paths):
    """(files, problems) for paths given on a command line: files as they are, folders
    walked for story files (.md, .txt…), skipping hidden files and READMEs."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and candidate.suffix.lower() in SUFFIXES - {""}
                and candidate.stem.lower() not in NOT_STORIES
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            files.extend((candidate, path) for candidate in found)
        elif path.is_file():
            files.append((path, path.parent))
        else:
            problems.append(ImportResult(str(path), FAILED, error="no such file or folder"))
    return files, problems


class _FileFailedError(Exception):
    """Raised inside a file's transaction after a problem, to roll it back."""

    def __init__(self, problem):
        self.problem = problem


class _Importer:
    """State shared by the files of one run: who imports, the author names seen so far."""

    def __init__(self, *, owner, user, publish, dry_run):
        self.owner = owner
        self.user = user
        self.publish = publish
        self.dry_run = dry_run
        self._authors = None  # folded name → author page id, for committed profiles

    # Authors ---------------------------------------------------------------------------------

    def author_ids(self):
        if self._authors is None:
            self._authors = {}
            for pk, title, draft_title in AuthorPage.objects.order_by("path").values_list(
                "pk", "title", "draft_title"
            ):
                for name in (title, draft_title):
                    self._authors.setdefault(cleaning.fold(name), pk)
        return self._authors

    def _author(self, name, pending, notes):
        key = cleaning.fold(name)
        found = pending.get(key) or self.author_ids().get(key)
        if found:
            return found
        if len(name) > NAME_MAX_LENGTH:
            raise ImportProblem(
                f"an author's name is longer than {NAME_MAX_LENGTH} characters",
                line=None,
            )
        index = AuthorIndexPage.objects.order_by("path").first()
        if index is None:
            raise ImportProblem(f"no author index page to create the profile of “{name}” under")
        profile = AuthorPage(title=name, slug=unique_slug(index, name), live=False)
        index.add_child(instance=profile)
        profile.save_revision(user=self.user, log_action=True)
        pending[key] = profile.pk
        notes.append(f"created a draft author profile for “{name}”")
        return profile.pk

    def _owner_profile(self, pending, notes):
        if self.owner is None:
            return None
        profile = AuthorPage.objects.filter(user=self.owner).first()
        if profile is None:
            profile = author_profile_create(user=self.owner)
            if profile is not None:
                pending[cleaning.fold(profile.title)] = profile.pk
                notes.append(f"created a draft author profile for “{profile.title}”")
        return profile.pk if profile is not None else None

    def authors_for(self, story, pending, notes):
        try:
            ids = [self._author(name, pending, notes) for name in story.authors]
        except ImportProblem as problem:
            problem.line = problem.line or story.field_line("authors")
            raise
        if not ids:
            own = self._owner_profile(pending, notes)
            if own is not None:
                ids = [own]
            elif story.author_from_leftovers:
                byline = story.author_from_leftovers
                notes.append(f"byline taken from the platform's footer: {byline}")
                ids = [self._author(story.author_from_leftovers, pending, notes)]
            else:
                notes.append(f"no author named: bylined to “{UNKNOWN_AUTHOR}” for an editor to fix")
                ids = [self._author(UNKNOWN_AUTHOR, pending, notes)]
        return list(dict.fromkeys(ids))

    # Pieces of a page -----------------------------------------------------------------------

    def cover_image(self, story, source, notes, stored):
        ref = story.cover_image
        if not ref:
            return None
        if _WEB_ADDRESS.match(ref):
            notes.append(f"cover image not downloaded (add it in the admin): {ref}")
            return None
        if source.folder is None:
            notes.append(f"cover image {ref} is not part of the upload: add it in the admin")
            return None
        path = (source.folder / ref).resolve()
        root = (source.root or source.folder).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            notes.append(f"cover image {ref} not found next to the file")
            return None
        data = path.read_bytes()
        Image = get_image_model()
        existing = Image.objects.filter(file_hash=hash_filelike(io.BytesIO(data))).first()
        if existing is not None:
            return existing
        try:
            # What the admin's image upload checks (format, size, frames and pixels, every
            # frame decoding), with its messages: a file here is as untrusted as an upload.
            checked = checked_image_file(path.name, data)
        except ValidationError as error:
            notes.append(f"cover image {ref} left out: {' '.join(error.messages)}")
            return None
        if self.dry_run:
            notes.append(f"would add the cover image {path.name}")
            return None
        title = story.cover_image_alt or Path(ref).stem
        image = Image(
            title=cleaning.shorten(title, 255, 240),
            description=story.cover_image_alt,
            file=ImageFile(checked, name=path.name),
        )
        image._set_image_file_metadata()
        image.save()
        stored.append(image.file)
        notes.append(f"added the cover image {path.name}")
        return image

    def series_for(self, story, notes):
        if story.kind != TUTORIAL or not story.series:
            return None, None
        slug = slugify(story.series)[:120] or "series"
        series = TutorialSeries.objects.filter(Q(title__iexact=story.series) | Q(slug=slug)).first()
        if series is None:
            if self.user is not None and not self.user.has_perm("blog.add_tutorialseries"):
                notes.append(f"series “{story.series}” does not exist: left out of a series")
                return None, None
            taken = set(
                TutorialSeries.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
            )
            unique, n = slug, 2
            while unique in taken:
                unique, n = f"{slug[:110]}-{n}", n + 1
            series = TutorialSeries.objects.create(title=story.series[:120], slug=unique)
            notes.append(f"created the tutorial series “{series.title}”")
        position = story.series_position
        if position is None:
            last = series.tutorials.aggregate(last=Max("series_position"))["last"] or 0
            position = last + 1
            notes.append(f"no part number given: made it part {position} of “{series.title}”")
        return series, position

    # One file -------------------------------------------------------------------------------

    def find_existing(self, story, model):
        """The page this file was imported as before: same canonical URL, else same title
        (among pages without a canonical URL when the file has one). Only pages the user
        may edit count, so an upload never reveals or touches someone else's draft."""
        pages = ArticlePage.objects.order_by("path")
        same_title = Q(title__iexact=story.title) | Q(draft_title__iexact=story.title)
        if story.canonical_url:
            candidates = list(pages.filter(canonical_url=story.canonical_url))
            candidates = candidates or list(pages.filter(same_title, canonical_url=""))
        else:
            candidates = list(pages.filter(same_title))
        for page in candidates:
            page = page.specific
            if self.user is None or page.permissions_for_user(self.user).can_edit():
                if not isinstance(page, model):
                    raise ImportProblem(
                        f"“{story.title}” was imported before as a "
                        f"{page.specific_class._meta.verbose_name}; this file is a "
                        f"{model._meta.verbose_name}",
                        line=story.line_of("type"),
                    )
                return page
        return None

    def may_publish(self, index):
        if not self.publish:
            return False
        return self.user is None or index.permissions_for_user(self.user).can_publish_subpage()

    def run(self, source):
        result = ImportResult(source.name, FAILED, dry_run=self.dry_run)
        stored, story = [], None
        try:
            story = parse_story_bounded(source.data, name=source.name)
            result.title = story.title
            result.notes = list(story.notes)
            result.removed = list(story.removed)
            if len(story.title) > TITLE_MAX_LENGTH:
                raise ImportProblem(
                    f"the title is {len(story.title)} characters long; the limit is "
                    f"{TITLE_MAX_LENGTH}",
                    line=story.line_of("title"),
                )
            pending = {}
            with transaction.atomic():
                try:
                    self._save(story, source, result, pending, stored)
                except (ImportProblem, ValidationError) as problem:
                    raise _FileFailedError(problem) from problem
                if self.dry_run:
                    transaction.set_rollback(True)
            if not self.dry_run:
                self.author_ids().update(pending)
        except _FileFailedError as failure:
            _fail(result, failure.problem, story)
            _discard(stored)
        except ImportProblem as problem:
            _fail(result, problem, None)
        except Exception as error:  # one broken file must not stop the others
            logger.exception("Import of %s failed", source.name)
            _discard(stored)
            result.status, result.error = FAILED, f"unexpected error: {error!r}"
        if self.dry_run:
            _discard(stored)
        return result

    def _save(self, story, source, result, pending, stored):
        model = MODELS[story.kind]
        result.kind_label = model._meta.verbose_name
        index = INDEXES[story.kind].objects.order_by("path").first()
        if index is None:
            name = INDEXES[story.kind]._meta.verbose_name
            raise ImportProblem(f"there is no {name} to put a {result.kind_label} under")
        existing = self.find_existing(story, model)
        if (
            existing is None
            and self.user is not None
            and not index.permissions_for_user(self.user).can_add_subpage()
        ):
            raise ImportProblem(f"you may not add pages under “{index.title}”")
        if existing is not None and existing.locked:
            raise ImportProblem(f"“{existing.title}” is locked: unlock it to import over it")

        notes = result.notes
        authors = self.authors_for(story, pending, notes)
        cover = self.cover_image(story, source, notes, stored)
        series, position = self.series_for(story, notes)
        publish = self.may_publish(index)
        if self.publish and not publish:
            notes.append("not published: you may not publish here, so it is a draft to submit")
        if publish and story.draft:
            notes.append("marked as a draft in its front matter: left as a draft")
            publish = False

        if existing is None:
            page = model(owner=self.owner, live=False)
            before = None
        else:
            page = existing.get_latest_revision_as_object()
            before = _snapshot(page, story.kind)
        _apply(page, story, authors=authors, cover=cover, series=series, position=position)
        if story.kind == STORY and story.country and not country_code(story.country):
            notes.append(f"country “{story.country}” is not one we know: left empty")
        if story.kind == STORY and not page.starting_point:
            if publish:
                page.starting_point = STARTING_POINT_UNKNOWN
                notes.append(f"no starting point: set to “{STARTING_POINT_UNKNOWN}”, edit it")
            else:
                notes.append("no starting point: fill it in before publishing")
        if story.kind == TUTORIAL and not page.estimated_minutes:
            page.estimated_minutes = max(1, math.ceil(len(story.body.split()) / 230))
            notes.append(f"no duration: estimated {page.estimated_minutes} min from the text")

        if before is not None and before == _snapshot(page, story.kind):
            needs_publishing = (
                not existing.live or existing.has_unpublished_changes
            ) and existing.scheduled_revision is None
            if not (publish and needs_publishing):
                result.status, result.page_id = UNCHANGED, existing.pk
                result.state = _state(existing)
                return

        if publish and story.go_live_at:
            page.go_live_at = story.go_live_at
        if existing is None:
            if story.slug:
                page.slug = unique_slug(index, story.slug)
            else:
                page.slug = unique_slug(index, story.title)
            # Wagtail saves a draft with its minimal checks (title and slug): check every
            # field before the first write, so a value too long for its column or out of its
            # range fails with the field's message and line, not a database error.
            tree = ["path", "depth", "url_path"]
            page.full_clean(exclude=[*_deferred(page, publish), *tree], validate_unique=False)
            index.add_child(instance=page)
        page.full_clean(exclude=_deferred(page, publish))
        revision = page.save_revision(user=self.user, clean=False, log_action=False)
        log(
            instance=page,
            action=IMPORT_ACTION,
            user=self.user,
            revision=revision,
            content_changed=True,
            data={
                "source": source.name,
                "removed": result.removed,
                "notes": [note for note in notes if not note.startswith("removed platform")],
            },
        )
        if publish:
            revision.publish(user=self.user, log_action=True)
            page.refresh_from_db()
            if story.first_published_at and existing is None and page.live:
                page_backdate(
                    page,
                    first_published_at=story.first_published_at,
                    last_published_at=story.first_published_at,
                )
        result.status = CREATED if existing is None else UPDATED
        result.page_id = page.pk
        result.state = _state(page) if publish else "draft"


def _apply(page, story, *, authors, cover, series, position):
    page.title = story.title
    page.summary = story.summary
    page.body = story.body
    page.original_published_at = story.original_published_at
    page.canonical_url = story.canonical_url
    if cover is not None:
        page.cover_image = cover
    page.article_authors = [
        ArticleAuthor(author_id=author_id, sort_order=position)
        for position, author_id in enumerate(authors)
    ]
    page.tags.set(story.tags)
    if story.kind == STORY:
        page.starting_point = story.starting_point or page.starting_point or ""
        page.country = country_code(story.country) if story.country else page.country
        page.city = story.city
        page.journey_started_year = story.journey_started_year
        if story.milestones or not page.pk:
            page.milestones = [
                JourneyMilestone(year=year, text=text, sort_order=i)
                for i, (year, text) in enumerate(story.milestones)
            ]
    else:
        page.difficulty = story.difficulty
        page.estimated_minutes = story.estimated_minutes or page.estimated_minutes
        page.prerequisites = story.prerequisites
        page.series = series
        page.series_position = position if series else None


def _snapshot(page, kind):
    values = {name: getattr(page, name) for name in COMMON_FIELDS + TYPE_FIELDS[kind]}
    values["cover_image_id"] = page.cover_image_id
    if kind == STORY:
        values["country"] = getattr(page.country, "code", page.country) or ""
        values["milestones"] = [(m.year, m.text) for m in page.milestones.all()]
    values["tags"] = sorted(tag.name.casefold() for tag in page.tags.all())
    values["authors"] = [byline.author_id for byline in page.article_authors.all()]
    return values


def _deferred(page, publish):
    """Required fields a draft may leave empty, as Wagtail's own "Save draft" allows."""
    if publish:
        return []
    return [name for name in ("starting_point",) if hasattr(page, name) and not getattr(page, name)]


def _state(page):
    if page.live and not page.has_unpublished_changes:
        return "published"
    if page.live:
        return "published, with draft changes"
    scheduled = page.scheduled_revision
    if scheduled is not None:
        when = timezone.localtime(scheduled.approved_go_live_at)
        return f"scheduled for {when:%Y-%m-%d %H:%M}"
    return "draft"


def _fail(result, problem, story):
    result.status = FAILED
    result.page_id = None
    if isinstance(problem, ValidationError) and hasattr(problem, "error_dict"):
        messages, line = [], None
        for name, errors in problem.message_dict.items():
            label = name if name != "__all__" else "page"
            messages.append(f"{label}: {' '.join(dict.fromkeys(errors))}")
            if story is not None and line is None:
                line = story.field_line("duration" if name == "estimated_minutes" else name)
        result.error, result.line = "; ".join(messages), line
    elif isinstance(problem, ValidationError):
        result.error, result.line = " ".join(problem.messages), None
    else:
        result.error, result.line = problem.message, problem.line


def _discard(stored):
    """Delete image files stored for a file whose transaction was rolled back."""
    while stored:
        file = stored.pop()
        try:
            file.storage.delete(file.name)
        except Exception:  # the database is clean; a stray file is only logged
            logger.exception("Could not delete %s after a failed import", file.name)


def story_import(*, source, owner=None, publish=False, dry_run=False, user=None):
    """Import one file (an ``ImportSource`` or a path). Returns an ``ImportResult``."""
    if not isinstance(source, ImportSource):
        source = ImportSource.from_path(source)
    importer = _Importer(owner=owner, user=user, publish=publish, dry_run=dry_run)
    return importer.run(source)


def stories_import(*, sources, owner=None, publish=False, dry_run=False, user=None, progress=None):
    """Import many files, each in its own transaction. ``sources`` are ``ImportSource``s,
    paths, or (path, root folder) pairs; ``progress(done, total, result)`` is called after
    each file. Returns an ``ImportReport``; failures are in it, never raised."""
    importer = _Importer(owner=owner, user=user, publish=publish, dry_run=dry_run)
    report = ImportReport(dry_run=dry_run)
    sources = list(sources)
    for done, item in enumerate(sources, start=1):
        if isinstance(item, ImportSource):
            source = item
        else:
            path, root = item if isinstance(item, tuple) else (item, None)
            try:
                source = ImportSource.from_path(path, root=root)
            except OSError as error:
                result = ImportResult(str(path), FAILED, error=f"cannot read it: {error.strerror}")
                report.results.append(result)
                if progress:
                    progress(done, len(sources), result)
                continue
        result = importer.run(source)
        report.results.append(result)
        if progress:
            progress(done, len(sources), result)
    return report
