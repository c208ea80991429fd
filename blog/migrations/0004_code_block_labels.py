"""Render again the bodies that hold code, so that existing pieces' code blocks get their
language label and frame (``blog/code_blocks.py``) like every piece saved from now on. A
body that can no longer be formatted keeps the HTML it has."""

from django.db import migrations

from blog.rendering import MarkdownError, plain_text, render_markdown

BATCH = 100


def label_code_blocks(apps, schema_editor):
    ArticlePage = apps.get_model("blog", "ArticlePage")
    pages = ArticlePage.objects.filter(body_html__contains="<pre").only("pk", "body")
    batch = []
    for page in pages.order_by("pk").iterator(chunk_size=BATCH):
        try:
            rendered = render_markdown(page.body)
        except MarkdownError:
            continue
        page.body_html, page.body_text = rendered.html, plain_text(rendered.html)
        batch.append(page)
        if len(batch) == BATCH:
            ArticlePage.objects.bulk_update(batch, ["body_html", "body_text"])
            batch = []
    ArticlePage.objects.bulk_update(batch, ["body_html", "body_text"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_article_body_text")]

    operations = [
        migrations.RunPython(label_code_blocks, migrations.RunPython.noop, elidable=True),
    ]
