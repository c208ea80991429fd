"""Export stories and tutorials as Markdown files with YAML front matter, plus their cover
images, in the format ``import_stories`` reads back.

    python manage.py export_stories backup/ --author "Ada Obi" --all

Writes what readers see (published, public, not expired), each piece as its live version;
``--all`` adds drafts and unpublished changes (newest revision, ``draft: true``). Exits with
status 1 when the folder cannot be used, no author has the name given, or a cover image
could not be read (the piece is then written without it).
"""

from django.core.management.base import BaseCommand, CommandError

from importer.export import ExportError, stories_export
from importer.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Write published journey stories and tutorials (with --all, drafts too) to DIR as "
        "Markdown with YAML front matter, cover images in DIR/images/, ready for "
        "import_stories."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder to write to (created).")
        parser.add_argument(
            "--author",
            metavar="NAME",
            help="Only pieces bylined to this author (case and accents ignored).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_drafts",
            help="Also drafts and unpublished changes (each piece's newest revision).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be written; write nothing."
        )

    def handle(self, *args, directory, author=None, include_drafts=False, dry_run=False, **options):
        verbosity = options["verbosity"]
        bar = None

        def progress(done, total, piece):
            nonlocal bar
            if bar is None:
                bar = ProgressBar(self.stdout, total)
            bar.clear()
            if verbosity >= 1:
                verb = "Would write" if dry_run else "Wrote"
                draft = " (draft)" if piece.draft else ""
                self.stdout.write(
                    f"{verb} {piece.kind_label} “{piece.title}”{draft} to {piece.filename}"
                )
                if piece.image and verbosity >= 2:
                    self.stdout.write(f"  - cover image {piece.image}")
            bar.update(done, piece.filename)

        try:
            report = stories_export(
                directory=directory,
                author=author,
                include_drafts=include_drafts,
                dry_run=dry_run,
                progress=progress,
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        finally:
            if bar is not None:
                bar.clear()
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"Problem: {problem}"))
        style = self.style.ERROR if report.problems else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
        if report.problems:
            raise CommandError(f"{len(report.problems)} cover image(s) could not be exported.")
