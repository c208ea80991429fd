"""``manage.py send_follow_digests``: the weekly digests. Each follower with a confirmed
"weekly digest" subscription gets one digest per ISO week (Monday to Sunday, UTC) with the
pieces first published since their last one; the worker runs it every hour, so a digest
goes out in the first hour of the week. Running it again in the same week sends nothing.
It also forgets the requests to follow that were never confirmed and whose link expired."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from follow import tokens
from follow.models import Follower, Subscription
from follow.services import digests_send


class Command(BaseCommand):
    help = "Send this week's follow digests that have not gone out yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the digests due; send nothing."
        )

    def handle(self, *args, dry_run, verbosity=1, **options):
        sent, empty = digests_send(dry_run=dry_run)
        expired = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=timezone.now() - tokens.CONFIRM_MAX_AGE
        )
        with transaction.atomic():
            forgotten = expired.count() if dry_run else expired.delete()[0]
            if not dry_run:
                Follower.objects.filter(subscriptions__isnull=True).delete()
        if sent or empty or forgotten or verbosity > 1:
            verb = "would be sent (dry run)" if dry_run else "sent"
            self.stdout.write(
                f"{sent} digest(s) {verb}, {empty} follower(s) with nothing new, "
                f"{forgotten} unconfirmed request(s) forgotten"
            )
