"""Import stories written elsewhere: Markdown with YAML (---) or TOML (+++) front matter, or
plain text whose first line is the title. Each file becomes a draft journey story (or a
tutorial, for ``type: tutorial``), or a new revision of the page it was imported as before.

    python manage.py import_stories posts/ old-post.md --owner ada --publish

Each file is one transaction: a file that fails changes nothing and the others go on. The
summary lists what was created, updated and failed (with the reason and the line), and the
command exits with status 1 when any file failed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importer.progress import ProgressBar
from importer.services import FAILED, UNCHANGED, collect_sources, stories_import


class Command(BaseCommand):
    help = (
        "Import Markdown (YAML or TOML front matter) and plain-text stories from files or "
        "folders as draft journey stories and tutorials. Importing a file again updates its "
        "page. Exits with status 1 when any file fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--owner", metavar="USERNAME", help="Make this user the owner of the new pages."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish instead of leaving drafts; a date in the future schedules.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would happen; write nothing."
        )

    def handle(self, *args, paths, owner=None, publish=False, dry_run=False, **options):
        verbosity = options["verbosity"]
        owner_user = None
        if owner:
            owner_user = get_user_model().objects.filter(username=owner).first()
            if owner_user is None:
                raise CommandError(f"No user named {owner!r}.")
        files, missing = collect_sources(paths)
        if not files and not missing:
            raise CommandError("No .md or .txt files found in " + ", ".join(paths))

        bar = ProgressBar(self.stdout, len(files))

        def progress(done, total, result):
            bar.clear()
            self.report(result, verbosity)
            bar.update(done, result.source)

        report = stories_import(
            sources=files, owner=owner_user, publish=publish, dry_run=dry_run, progress=progress
        )
        bar.clear()
        report.results[:0] = missing
        for result in missing:
            self.report(result, verbosity)

        style = self.style.ERROR if report.failures else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
        if report.failures:
            if verbosity >= 1:
                self.stdout.write("Failed:")
                for result in report.failures:
                    self.stdout.write(self.style.ERROR(f"  {result.describe()}"))
            raise CommandError(f"{len(report.failures)} of {len(report.results)} file(s) failed.")

    def report(self, result, verbosity):
        if result.status == FAILED:
            self.stderr.write(self.style.ERROR(f"Failed: {result.describe()}"))
            return
        if verbosity < 1 or (result.status == UNCHANGED and verbosity < 2):
            return
        self.stdout.write(result.describe())
        for note in result.notes:
            self.stdout.write(f"  - {note}")
