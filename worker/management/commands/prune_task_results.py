"""``manage.py prune_task_results``: finished task results older than TASK_RESULTS_KEEP_DAYS
leave the queue's table, which otherwise grows by every email ever sent. The worker runs it
every hour."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Delete finished (successful or failed) task results older than --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Keep results finished in the last DAYS days (default: TASK_RESULTS_KEEP_DAYS).",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, days, dry_run, verbosity=1, **options):
        days = settings.TASK_RESULTS_KEEP_DAYS if days is None else days
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
        with transaction.atomic():
            if dry_run:
                count = old.count()
            else:
                count, _ = old.delete()
        if count or verbosity > 1:
            verb = "would be deleted (dry run)" if dry_run else "deleted"
            self.stdout.write(f"{count} task result(s) finished before {cutoff:%Y-%m-%d} {verb}")
