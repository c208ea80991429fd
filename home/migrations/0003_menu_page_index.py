"""An index for the main menu, which every page of the site renders.

The menu lists the site root's live children marked "show in menus". Wagtail finds children
by a range on ``path`` compared as text, which the tree's own index (collation C) cannot
serve, so without this the menu read every page row: about 25 ms at 100,000 stories. Only a
handful of pages are ever in the menu, so this partial index is tiny.
"""

from django.db import migrations

INDEX = "home_page_in_menu"


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage"), ("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path) "
            "WHERE show_in_menus",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
