"""How fast import_stories goes: generate N Markdown files with front matter, import them
and print files per second.

    python manage.py import_benchmark            # 2,000 files
    python manage.py import_benchmark --files 200

It writes into the current database inside one transaction that it rolls back at the end,
so it leaves nothing behind (point DATABASE_URL at a throw-away database to be doubly
sure). Each file still gets its own savepoint, as in a real import. Missing story, tutorial
and author indexes are created inside that transaction. Timings are printed, never
asserted: the numbers belong in a note, not in a test.
"""

import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from bench.story_files import write_story_files
from blog import kinds
from importer.parsing import parse_story
from importer.services import stories_import


class _Rollback(Exception):  # noqa: N818 (control flow, not an error)
    pass


def _ensure_indexes():
    """An index for each reader page type (``blog.kinds``), for a database without them."""
    root = Site.objects.get(is_default_site=True).root_page
    for model in {kinds.index_model(page_model) for page_model in kinds.models()}:
        if not model.objects.exists():
            title = model._meta.verbose_name.title()
            root.add_child(instance=model(title=title, slug=f"bench-{model._meta.model_name}"))


class Command(BaseCommand):
    help = (
        "Generate N Markdown story files (default 2000), import them inside a transaction "
        "that is rolled back at the end (nothing is kept) and print files per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("--files", type=int, default=2000, help="How many files (2000).")
        parser.add_argument("--seed", type=int, default=6, help="Random seed for the text.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only generate the files and time the parsing; nothing touches the database.",
        )

    def handle(self, *args, files, seed, dry_run, **options):
        if files < 1:
            raise CommandError("--files must be at least 1.")
        with tempfile.TemporaryDirectory(prefix="bj-import-bench-") as folder:
            started = time.perf_counter()
            paths = write_story_files(folder, files, seed=seed)
            generated = time.perf_counter() - started
            # (path, folder) pairs: each file is read inside the timed import, as the
            # command line's import_stories reads it.
            sources = [(path, folder) for path in paths]
            if options["verbosity"] >= 1:
                self.stdout.write(f"Generated {files} files in {generated:.1f} s.")
            if dry_run:
                report, elapsed = self._parse_only(sources)
            else:
                report, elapsed = self._import(sources)
        rate = files / elapsed if elapsed else float("inf")
        self.stdout.write(report.summary() if report is not None else "")
        what = "parsed" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{what} {files} files in {elapsed:.1f} s: {rate:.1f} files per second"
            )
        )
        if report is not None and report.failures:
            raise CommandError(f"{len(report.failures)} generated file(s) failed to import.")

    def _import(self, sources):
        report = None
        try:
            with transaction.atomic():
                _ensure_indexes()
                started = time.perf_counter()
                report = stories_import(sources=sources)
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        return report, elapsed

    def _parse_only(self, sources):
        started = time.perf_counter()
        for path, _root in sources:
            parse_story(path.read_bytes(), name=path.name)
        return None, time.perf_counter() - started
