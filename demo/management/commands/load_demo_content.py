"""Fill the site with the demo in ``demo/content/``: page tree, authors, stories and tutorials
(through the importer), and, while DEBUG is on, demo accounts. Running it again changes
nothing. A file that cannot be loaded is named with its line, and the command exits 1."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_ACCOUNTS
from demo.loader import DemoContentError, DemoLoader


class Command(BaseCommand):
    help = (
        "Build the page tree and load the demo stories, tutorials and authors from "
        "demo/content/. Idempotent. Demo accounts are created only while DEBUG is on. "
        "Exits with status 1 when a demo file cannot be loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be created; write nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def log(message, level=1):
            if verbosity >= level:
                self.stdout.write(f"  {message}")

        try:
            report = DemoLoader(dry_run=dry_run, log=log).run()
        except DemoContentError as error:
            self.summary(error.report, dry_run)
            for failure in error.report.failures:
                self.stderr.write(self.style.ERROR(f"Failed: {failure.describe()}"))
            what = "Nothing was loaded" if error.wrote_nothing else "The other files were loaded"
            raise CommandError(
                f"{len(error.report.failures)} demo file(s) could not be loaded ({error}). "
                f"{what}; fix the file(s) and run it again."
            ) from None
        self.summary(report, dry_run)
        if settings.DEBUG and verbosity >= 1 and not dry_run:
            logins = ", ".join(f"{name} / {password}" for name, password, *_ in DEMO_ACCOUNTS)
            self.stdout.write(f"Demo logins for /admin/: {logins}")

    def summary(self, report, dry_run):
        verb = "Would create" if dry_run else "Created"
        text = f"{verb} {len(report.created)} item(s); {report.existing} already there."
        self.stdout.write(self.style.SUCCESS(text))
