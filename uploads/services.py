"""Copying a site's local media into its S3 storages, for a site moving to S3."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from wagtail.images import get_image_model

from .storage import RENDITIONS, S3_ERRORS, rendition_storage

# The storages a copy writes to: originals and documents, then renditions.
TARGETS = ("default", RENDITIONS)
COPIED, SKIPPED, FAILED = "copied", "skipped", "failed"


@dataclass
class CopyReport:
    copied: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (name, error)
    bytes_copied: int = 0


def local_media_files(source):
    """Files under ``source`` by their storage name ("original_images/a.jpg"), sorted;
    hidden files (".DS_Store", ".gitkeep") are not media."""
    source = Path(source)
    for path in sorted(source.rglob("*")):
        name = path.relative_to(source).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
            yield name, path


def media_copy_to_storages(*, source, dry_run=False, on_file=None):
    """Copy every file under ``source`` to the storage its record uses: renditions to the
    ``renditions`` storage, everything else (original images, documents) to ``default``.

    Keeps each file's name, so the database needs no change. A file already in the storage
    with the same size is skipped, so a second run copies nothing and an interrupted run
    resumes. A file that fails is reported in ``failed`` and the others are still copied.
    ``on_file(position, total, name, outcome)`` follows progress; with ``dry_run`` the
    storages are only read. Writes no database rows."""
    rendition_model = get_image_model().get_rendition_model()
    rendition_names = set(rendition_model.objects.values_list("file", flat=True))
    files = list(local_media_files(source))
    report = CopyReport()
    for position, (name, path) in enumerate(files, start=1):
        storage = rendition_storage if name in rendition_names else default_storage
        try:
            outcome = _copy_one(name, path, storage, dry_run=dry_run)
        except (*S3_ERRORS, OSError) as error:  # the store, or reading the local file
            report.failed.append((name, error))
            outcome = FAILED
        else:
            if outcome == COPIED:
                report.copied.append(name)
                report.bytes_copied += path.stat().st_size
            else:
                report.skipped.append(name)
        if on_file:
            on_file(position, len(files), name, outcome)
    return report


def _copy_one(name, path, storage, *, dry_run):
    size = path.stat().st_size
    try:
        if storage.size(name) == size:
            return SKIPPED
    except FileNotFoundError:
        pass
    if not dry_run:
        with path.open("rb") as handle:
            # The storage's own write (content type, cache headers) under exactly this name:
            # save() would pick a free name instead, and the database holds this one.
            storage._save(name, File(handle, name=name))
    return COPIED
