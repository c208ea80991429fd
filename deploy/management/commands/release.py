"""Release a new version: what runs once, before the new app servers start.

1. ``check --deploy``, failing on any warning (``--check-fail-level``), so a misconfigured
   release changes nothing;
2. ``migrate --noinput`` (only additive migrations in a release: the old version keeps
   serving meanwhile and after a roll-back, see the README's "Deploying");
3. ``createcachetable`` for any database cache;
4. ``collectstatic --noinput`` (the image collected them at build: nothing to copy then);
5. with ``--bucket-policy``, the media bucket's public-read policy for renditions.

Every step looks before it writes, so running it twice is safe: the second run changes
nothing and says so. ``--dry-run`` says what would change and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from deploy import steps


class Command(BaseCommand):
    help = (
        "Run the release steps (check --deploy, migrate, createcachetable, collectstatic and, "
        "with --bucket-policy, the media bucket's public-read policy). Safe to run again: "
        "a second run changes nothing and says so."
    )
    # `check --deploy` is the first step, failing on warnings too: the checks are not run twice.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )
        parser.add_argument(
            "--bucket-policy",
            action="store_true",
            help="Also give the media bucket its public-read policy for renditions (public/).",
        )
        parser.add_argument(
            "--check-fail-level",
            choices=["WARNING", "ERROR"],
            default="WARNING",
            help="Stop on check --deploy findings of this level (default WARNING; ERROR only "
            "where HTTPS is knowingly off, as on a laptop).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to migrate.")

    def handle(
        self,
        *args,
        dry_run=False,
        bucket_policy=False,
        check_fail_level,
        database,
        verbosity,
        **options,
    ):
        self.verbosity = verbosity
        self.dry_run = dry_run
        if bucket_policy and not steps.media_on_s3():
            raise CommandError(
                "--bucket-policy: media is not on S3 (AWS_STORAGE_BUCKET_NAME is not set). "
                "Nothing was changed."
            )
        findings = steps.deploy_checks(fail_level=check_fail_level)
        if findings:
            self.stdout.write(
                self.style.WARNING(f"Checks (--deploy): below {check_fail_level}, passed:")
            )
            self.stdout.write(findings)
        else:
            self.say("Checks (--deploy)", [], "no issues")
        changes = 0
        changes += self.report(
            "Migrations",
            steps.migrations_apply(database=database, dry_run=dry_run, verbosity=verbosity),
            ("applied", "to apply"),
        )
        changes += self.report(
            "Cache tables",
            steps.cache_tables_create(database=database, dry_run=dry_run),
            ("created", "to create"),
        )
        changes += self.report(
            "Static files", steps.static_files_collect(dry_run=dry_run), ("copied", "to copy")
        )
        if bucket_policy:
            changes += self.report(
                "Bucket policy (public/ readable)",
                steps.bucket_policy_put(dry_run=dry_run),
                ("put on", "to put on"),
            )
        if dry_run:
            summary = (
                f"Dry run: {changes} change(s) would be made, none was."
                if changes
                else "Dry run: nothing would change."
            )
        else:
            summary = (
                f"Released: {changes} change(s) made."
                if changes
                else "Released: nothing changed (already up to date)."
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def report(self, step, changed, verbs):
        """One line for a step (its items listed when few, or with -v 2); the count."""
        done, would = verbs
        if not changed:
            self.say(step, [], f"none {would}")
        else:
            self.say(step, changed, f"{len(changed)} {would if self.dry_run else done}")
        return len(changed)

    def say(self, step, items, summary):
        if self.verbosity < 1:
            return
        self.stdout.write(f"{step}: {summary}.")
        if self.verbosity >= 2 or len(items) <= 10:
            for item in items:
                self.stdout.write(f"  {item}")
