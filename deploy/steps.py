"""The release step's parts (``manage.py release``). Each finds what it would change first
and answers with that list, empty when there is nothing to do, so a second release reports
no change and a dry run changes nothing.

Each part is Django's own command doing its own unit of work: ``migrate`` runs each migration
in its own transaction (on PostgreSQL; a migration marked ``atomic = False`` must not be
wrapped in one), ``createcachetable`` and ``collectstatic`` write no rows that could be left
half-written. The bucket's policy is one request (``uploads/bucket_policy.py``).
"""

import io

from django.conf import settings
from django.contrib.staticfiles.management.commands import collectstatic
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from uploads.bucket_policy import bucket_policy_apply, renditions_location

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def deploy_checks(*, fail_level="WARNING"):
    """``check --deploy``: raises SystemCheckError (what to fix) on any finding of
    ``fail_level`` or worse, before anything has been changed; else the findings below it
    (empty when there are none)."""
    report = io.StringIO()
    call_command("check", deploy=True, fail_level=fail_level, stdout=report, stderr=report)
    text = report.getvalue().strip()
    return "" if text.startswith("System check identified no issues") else text


def pending_migrations(database):
    executor = MigrationExecutor(connections[database])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def migrations_apply(*, database, dry_run, verbosity):
    pending = pending_migrations(database)
    if not dry_run:
        call_command(
            "migrate", database=database, interactive=False, verbosity=max(verbosity - 1, 0)
        )
    return pending


def cache_tables_create(*, database, dry_run):
    """The tables of any DatabaseCache in CACHES that do not exist yet."""
    tables = [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == DATABASE_CACHE
    ]
    existing = set(connections[database].introspection.table_names())
    missing = [table for table in tables if table not in existing]
    if missing and not dry_run:
        call_command("createcachetable", database=database, verbosity=0)
    return missing


def static_files_collect(*, dry_run):
    """The static files copied (or that would be): none when the build already collected
    them, as the image's does. Then nothing is written at all: post-processing (hashed names,
    compressed copies) would rewrite files the build made, which the image's user may not
    touch."""
    to_copy = _collect(dry_run=True)
    if to_copy and not dry_run:
        _collect(dry_run=False)
    return to_copy


def _collect(*, dry_run):
    command = collectstatic.Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.set_options(
        interactive=False,
        verbosity=0,
        link=False,
        clear=False,
        dry_run=dry_run,
        ignore_patterns=[],
        use_default_ignore_patterns=True,
        post_process=True,
    )
    return command.collect()["modified"]


def media_on_s3():
    return renditions_location() is not None


def bucket_policy_put(*, dry_run):
    """The public-read statement for renditions, if the bucket lacks it: [bucket] or []."""
    outcome = bucket_policy_apply(dry_run=dry_run)
    return [outcome.bucket] if outcome.changed else []
