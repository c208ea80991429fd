"""Every story's and tutorial's snippet text (``body_text``) made again from its HTML with
``blog.rendering.plain_text`` as it is now: no code blocks, and headings that end a sentence,
so search results quote sentences. Only the stored text changes, never a body."""

from django.db import migrations

from blog.rendering import plain_text

BATCH = 200


def readable_snippet_text(apps, schema_editor):
    ArticlePage = apps.get_model("blog", "ArticlePage")
    pages = ArticlePage.objects.only("pk", "body_html", "body_text").order_by("pk")
    batch = []
    for page in pages.iterator(chunk_size=BATCH):
        text = plain_text(page.body_html)
        if text != page.body_text:
            page.body_text = text
            batch.append(page)
        if len(batch) == BATCH:
            ArticlePage.objects.bulk_update(batch, ["body_text"])
            batch = []
    ArticlePage.objects.bulk_update(batch, ["body_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_search_join_and_facet_indexes"),
        ("blog", "0004_code_block_labels"),
    ]

    operations = [migrations.RunPython(readable_snippet_text, migrations.RunPython.noop)]
