"""Fill the site with the demo: page tree, authors, stories, tutorials and, while DEBUG is
on, demo accounts. Running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.loader import DEMO_ACCOUNTS, DemoLoader


class Command(BaseCommand):
    help = (
        "Build the page tree and load the demo stories, tutorials and authors. Idempotent. "
        "Demo accounts are created only while DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be created; write nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def log(message):
            if verbosity >= 2 or (verbosity >= 1 and not message.startswith("Exists")):
                self.stdout.write(f"  {message}")

        report = DemoLoader(dry_run=dry_run, log=log).run()
        verb = "Would create" if dry_run else "Created"
        summary = f"{verb} {len(report.created)} item(s); {report.existing} already there."
        self.stdout.write(self.style.SUCCESS(summary))
        if settings.DEBUG and verbosity >= 1 and not dry_run:
            logins = ", ".join(f"{name} / {password}" for name, password, *_ in DEMO_ACCOUNTS)
            self.stdout.write(f"Demo logins for /admin/: {logins}")
