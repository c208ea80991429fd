"""Repair the Contributors and Editors groups and the "Editorial review" workflow after
someone changed them by hand. The same code runs in the migration on a fresh database."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.roles import CONTRIBUTORS, EDITORS, WORKFLOW_NAME, apply_roles


class Command(BaseCommand):
    help = "Reset the Contributors and Editors permissions and the Editorial review workflow."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be applied; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            apply_roles(apps)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            verb = "Would apply" if dry_run else "Applied"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} the {CONTRIBUTORS} and {EDITORS} roles and the "
                    f'"{WORKFLOW_NAME}" workflow.'
                )
            )
