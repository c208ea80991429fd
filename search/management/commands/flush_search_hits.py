"""Move the searches counted since the last run into the "most searched" report."""

from django.core.management.base import BaseCommand

from search import hits


class Command(BaseCommand):
    help = (
        "Move the pending search counts (kept in Redis, or in memory without it) into "
        "Wagtail's most-searched report. Run it every minute; make run does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the pending counts; move nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        counts = hits.flush(dry_run=dry_run)
        if verbosity > 1:
            for field, count in sorted(counts.items()):
                day, words = field.split(hits.SEPARATOR, 1)
                self.stdout.write(f"{day}  {count:>5}  {words}")
        if verbosity:
            verb = "Would move" if dry_run else "Moved"
            total, queries = sum(counts.values()), len(counts)
            self.stdout.write(f"{verb} {total} search(es) of {queries} query(ies) to the report.")
