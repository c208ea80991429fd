"""Code blocks are framed with their language's label when the body is rendered: escaped,
left out of what search quotes, and given to pieces saved before labels existed."""

import importlib
import io

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from pygments.token import Token

from blog.code_blocks import CodeBlockFormatter, language_label
from blog.models import ArticlePage
from blog.rendering import plain_text, render_markdown
from blog.tests import factories as f

FENCED = "Intro words.\n\n```{language}\nprint('hi')\n```\n"


def blocks(text):
    return BeautifulSoup(render_markdown(text).html, "html.parser").select(".code-block")


@pytest.mark.parametrize(
    ("language", "label"),
    [("python", "Python"), ("py", "Python"), ("sql", "SQL"), ("console", "Shell session"),
     ("json", "JSON"), ("c#", "C#"), ("not-a-language", "not-a-language")],
)  # fmt: skip
def test_a_fenced_block_is_labelled_with_its_language(language, label):
    [block] = blocks(FENCED.format(language=language))
    assert block.select_one(".code-block__bar .code-block__language").get_text() == label
    assert block.select_one("pre").get_text().strip() == "print('hi')"


@pytest.mark.parametrize("language", ["", "text"])
def test_a_block_without_a_language_has_no_label(language):
    [block] = blocks(FENCED.format(language=language))
    assert block.select(".code-block__bar") == []
    assert block.select_one("pre").get_text().strip() == "print('hi')"


def test_an_indented_block_is_framed_too():
    [block] = blocks("Intro.\n\n    SELECT 1;\n")
    assert block.select_one("pre").get_text().strip() == "SELECT 1;"


def test_the_label_is_escaped():
    formatter = CodeBlockFormatter(lang_str='language-<img src=x onerror="alert(1)">')
    out = io.StringIO()
    formatter.format_unencoded(iter([(Token.Text, "x")]), out)
    label = BeautifulSoup(out.getvalue(), "html.parser").select_one(".code-block__language")
    assert label.get_text() == '<img src=x onerror="alert(1)">'[:40]
    assert "<img" not in out.getvalue()


def test_the_label_is_not_part_of_the_text_search_quotes_or_the_word_count():
    rendered = render_markdown(FENCED.format(language="python"))
    assert "Python" in rendered.html
    # Nor is the code itself: a snippet quotes sentences (``plain_text``).
    assert plain_text(rendered.html) == "Intro words."
    assert rendered.word_count == 2


def test_language_label_names():
    assert language_label("postgresql") == "PostgreSQL"
    assert language_label("x" * 60) == "x" * 40
    assert language_label(" ") is None


@pytest.mark.django_db
def test_the_migration_labels_the_code_of_pieces_saved_before():
    story = f.story(body=FENCED.format(language="python"))
    old = '<p>Intro words.</p>\n<div class="highlight"><pre><code>print</code></pre></div>'
    ArticlePage.objects.filter(pk=story.pk).update(body_html=old, body_text="stale")
    migration = importlib.import_module("blog.migrations.0004_code_block_labels")
    migration.label_code_blocks(apps, None)
    story.refresh_from_db()
    assert story.body_html == render_markdown(story.body).html
    assert "code-block__language" in story.body_html
    assert story.body_text == plain_text(story.body_html) == "Intro words."  # no code quoted
