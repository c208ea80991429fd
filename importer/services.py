"""Use cases for moving stories in: ``story_import`` for one file, ``stories_import`` for many.

Each file is one transaction: it becomes a page (a draft journey story, or a tutorial when its
front matter says ``type: tutorial``) under the first story or tutorial index, through
Wagtail's own calls (``add_child``, ``save_revision``, ``publish``), or a new revision of the
page it was imported as before (same canonical URL, or same title when it has none). A file
that fails leaves nothing behind, not even a stored image, and the next file goes on.

The steps of one file are here; what they decide is in their own modules: reading the file
(``parsing``), its bylines (``authors``), its cover (``covers``), a tutorial's series
(``series``) and the page's fields (``pages``).

``user`` is who asks: ``None`` for the command line (trusted, like ``manage.py`` itself),
or an admin user whose page permissions are checked (the admin upload).
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from blog.images import referenced_image_ids
from blog.models import ArticlePage
from blog.services import page_backdate, unique_slug
from uploads.selectors import images_refused_to

from .authors import Bylines
from .covers import cover_image
from .kinds import INDEXES, MODELS
from .pages import (
    apply_story,
    deferred_fields,
    fill_in,
    find_existing,
    needs_publishing,
    page_state,
    snapshot,
)
from .parsing import SUFFIXES, parse_story_bounded
from .problems import ImportProblem
from .series import series_for

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
TITLE_MAX_LENGTH = ArticlePage._meta.get_field("title").max_length
# Files in a folder that are about the folder, not stories.
NOT_STORIES = {"readme", "license", "licence", "changelog", "contributing", "index"}


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
    """What the files of one run share: who imports, whether to publish, their bylines."""

    def __init__(self, *, owner, user, publish, dry_run):
        self.owner = owner
        self.user = user
        self.publish = publish
        self.dry_run = dry_run
        self.bylines = Bylines(owner=owner, user=user)

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
            self._import(story, source, result, stored)
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

    def _import(self, story, source, result, stored):
        """One file in its own transaction, rolled back on a failure or a dry run."""
        pending = {}  # the file's new author profiles, remembered once it commits
        with transaction.atomic():
            try:
                self._save(story, source, result, pending, stored)
            except (ImportProblem, ValidationError) as problem:
                raise _FileFailedError(problem) from problem
            if self.dry_run:
                transaction.set_rollback(True)
        if not self.dry_run:
            self.bylines.remember(pending)

    def _save(self, story, source, result, pending, stored):
        model, index = _place(story, result)
        existing = self._existing(story, model, index)
        notes = result.notes
        authors = self.bylines.for_story(story, pending, notes)
        cover = cover_image(story, source, notes, stored=stored, dry_run=self.dry_run)
        series, position = series_for(story, notes, user=self.user)
        publish = self._publish_decision(index, story, notes)
        if existing is None:
            page, before = model(owner=self.owner, live=False), None
        else:
            page = existing.get_latest_revision_as_object()
            before = snapshot(page, story.kind)
        body_before = page.body or ""
        apply_story(page, story, authors=authors, cover=cover, series=series, position=position)
        self._check_pictures(page.body, body_before, story)
        fill_in(page, story, publish=publish, notes=notes)
        unchanged = before is not None and before == snapshot(page, story.kind)
        if unchanged and not (publish and needs_publishing(existing)):
            result.status, result.page_id = UNCHANGED, existing.pk
            result.state = page_state(existing)
            return
        self._write(page, index, story, existing, publish=publish, source=source, result=result)

    def _check_pictures(self, body, body_before, story):
        """A body may show the library pictures (``![alt](image:42)``) its importer may
        choose, as in the editor (``uploads.page_forms``); a command run on the server
        (no user) may show any."""
        if self.user is None:
            return
        named = referenced_image_ids(body) - referenced_image_ids(body_before)
        refused = images_refused_to(self.user, named)
        if refused:
            numbers = ", ".join(str(pk) for pk in sorted(refused))
            raise ImportProblem(
                f"the text shows a picture you cannot use (image {numbers}): add pictures "
                "in the editor with its picture button",
            )

    def _existing(self, story, model, index):
        """The page to import over, once the user may write there; ``None`` for a new one."""
        existing = find_existing(story, model, user=self.user)
        if (
            existing is None
            and self.user is not None
            and not index.permissions_for_user(self.user).can_add_subpage()
        ):
            raise ImportProblem(f"you may not add pages under “{index.title}”")
        if existing is not None and existing.locked:
            raise ImportProblem(f"“{existing.title}” is locked: unlock it to import over it")
        return existing

    def may_publish(self, index):
        if not self.publish:
            return False
        return self.user is None or index.permissions_for_user(self.user).can_publish_subpage()

    def _publish_decision(self, index, story, notes):
        publish = self.may_publish(index)
        if self.publish and not publish:
            notes.append("not published: you may not publish here, so it is a draft to submit")
        if publish and story.draft:
            notes.append("marked as a draft in its front matter: left as a draft")
            publish = False
        return publish

    def _write(self, page, index, story, existing, *, publish, source, result):
        """A new revision (the first one under ``index`` for a new page), logged as an
        import, and published when asked."""
        if publish and story.go_live_at:
            page.go_live_at = story.go_live_at
        if existing is None:
            _add_child(index, page, story, publish=publish)
        page.full_clean(exclude=deferred_fields(page, publish))
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
                "notes": [note for note in result.notes if not note.startswith("removed platform")],
            },
        )
        if publish:
            self._publish(page, revision, story, created=existing is None)
        result.status = CREATED if existing is None else UPDATED
        result.page_id = page.pk
        result.state = page_state(page) if publish else "draft"

    def _publish(self, page, revision, story, *, created):
        revision.publish(user=self.user, log_action=True)
        page.refresh_from_db()
        if story.first_published_at and created and page.live:
            page_backdate(
                page,
                first_published_at=story.first_published_at,
                last_published_at=story.first_published_at,
            )


def _place(story, result):
    """The page type a story becomes and the index it goes under."""
    model = MODELS[story.kind]
    result.kind_label = model._meta.verbose_name
    index = INDEXES[story.kind].objects.order_by("path").first()
    if index is None:
        name = INDEXES[story.kind]._meta.verbose_name
        raise ImportProblem(f"there is no {name} to put a {result.kind_label} under")
    return model, index


def _add_child(index, page, story, *, publish):
    page.slug = unique_slug(index, story.slug or story.title)
    # Wagtail saves a draft with its minimal checks (title and slug): check every field
    # before the first write, so a value too long for its column or out of its range fails
    # with the field's message and line, not a database error.
    tree = ["path", "depth", "url_path"]
    page.full_clean(exclude=[*deferred_fields(page, publish), *tree], validate_unique=False)
    index.add_child(instance=page)


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
