"""A GIN index on the search index's ``title || body``, the vector every search matches.

Wagtail's PostgreSQL backend matches a query against the concatenation of the title and
body vectors, and its own migrations index the two columns apart, which that expression
cannot use: without this index every search reads and concatenates every index entry
(the search benchmark measured a sequential scan growing with the number of stories).
PostgreSQL only; nothing happens on SQLite.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_editor_search_promotion_permissions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
