"""PostgreSQL's pg_trgm, and a trigram index on page titles, for the "did you mean" spelling
correction on a search that finds nothing (``search.selectors.corrected_query``).

Both are PostgreSQL-only: on SQLite this migration does nothing (Django's TrigramExtension
skips other databases, and so does the index step). pg_trgm is a trusted extension from
PostgreSQL 13, so the site's own database role may create it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "search_page_title_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
