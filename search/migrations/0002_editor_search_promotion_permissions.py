"""The Editors group's permissions on promoted search results.

``editorial.roles`` lists them, but they only exist once wagtail.contrib.search_promotions
is installed, which happened after the roles were first applied: apply the roles again now
that they exist. ``apply_roles`` is idempotent, so a database that has them changes nothing.
"""

from django.db import migrations


def apply(apps, schema_editor):
    from editorial.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_trigram_title_index"),
        ("editorial", "0001_roles_and_workflow"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
