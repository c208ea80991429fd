"""Copy a site's local media (MEDIA_ROOT) into its S3 bucket(s), for a site moving to S3.

Set the AWS_* variables first, so the storages point at S3, then run this once before
switching the app servers over, and again just after to pick up late uploads. Files keep
their names, so the database needs no change; renditions go to the public storage, the rest
to the private one. A file already in the bucket with the same size is skipped, so running
it again is safe and cheap. It writes no database rows, so it needs no transaction.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from uploads.checks import bucket_problem
from uploads.services import COPIED, FAILED, SKIPPED, TARGETS, media_copy_to_storages
from uploads.storage import s3_storages

MAX_NAMED_FAILURES = 20


class Command(BaseCommand):
    help = (
        "Copy the files under MEDIA_ROOT (or --source) into the S3 storages configured by "
        "AWS_STORAGE_BUCKET_NAME. Skips files already there with the same size; exits non-zero "
        "naming any file that could not be copied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=None,
            help="The local media folder to copy from (default: MEDIA_ROOT).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be copied; write nothing to the bucket.",
        )

    def handle(self, *args, source=None, dry_run=False, verbosity=1, **options):
        source = Path(source or settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder: nothing to copy.")
        targets = dict(s3_storages(TARGETS))
        if set(targets) != set(TARGETS):
            raise CommandError(
                "Media storage is not on S3: set AWS_STORAGE_BUCKET_NAME (and the other AWS_* "
                "variables) for this command, then run it again. Nothing was copied."
            )
        for alias, storage in targets.items():
            problem = bucket_problem(alias, storage)
            if problem:
                raise CommandError(f"{problem.msg} {problem.hint} Nothing was copied.")

        progress = verbosity >= 1 and self.stdout.isatty()
        verbs = {
            COPIED: "Would copy" if dry_run else "Copied",
            SKIPPED: "Already there",
            FAILED: "FAILED",
        }

        def on_file(position, total, name, outcome):
            if verbosity >= 2:
                self.stdout.write(f"[{position}/{total}] {verbs[outcome]}: {name}")
            elif progress:
                self.stdout.write(f"\r[{position}/{total}] {name[-60:]:<60}", ending="")
                if position == total:
                    self.stdout.write("")

        report = media_copy_to_storages(source=source, dry_run=dry_run, on_file=on_file)

        if verbosity >= 1:
            size = filesizeformat(report.bytes_copied)
            if dry_run:
                summary = (
                    f"Dry run: would copy {len(report.copied)} file(s) ({size}); "
                    f"{len(report.skipped)} already in the bucket. Nothing was written."
                )
            else:
                summary = (
                    f"Copied {len(report.copied)} file(s) ({size}); "
                    f"{len(report.skipped)} already in the bucket; {len(report.failed)} failed."
                )
            style = self.style.WARNING if report.failed else self.style.SUCCESS
            self.stdout.write(style(summary))
        if report.failed:
            named = [f"{name} ({error})" for name, error in report.failed[:MAX_NAMED_FAILURES]]
            more = len(report.failed) - len(named)
            raise CommandError(
                f"Could not copy {len(report.failed)} file(s): "
                + "; ".join(named)
                + (f"; and {more} more" if more > 0 else "")
                + ". Run the command again to retry them: copied files are skipped."
            )
