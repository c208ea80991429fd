"""Markdown becomes sanitised HTML with a table of contents and a reading time."""

import pytest

from blog.rendering import render_markdown

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">b</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">c</a>',
    '<iframe src="https://example.com"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="position:fixed;top:0">overlay</p>',
    '<form action="https://example.com"><input name="q"></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
    "<style>body{display:none}</style>",
    '<h2 id="bj-main">hijack the skip link</h2>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_never_survives(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\nOutro").html.lower()
    for marker in ("<script", "onerror", "onload", "onclick", "onmouseover", "javascript:",
                   "data:text", "<iframe", "<svg", "style=", "<form", "<input", "<object",
                   "<embed", "<style", 'id="bj-'):  # fmt: skip
        assert marker not in html
    assert "intro" in html and "outro" in html


def test_links_are_marked_as_user_content():
    html = render_markdown("[site](https://example.com)").html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html


def test_code_is_highlighted():
    html = render_markdown("```python\ndef hello():\n    return 1\n```").html
    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html


def test_headings_build_the_table_of_contents_and_never_add_an_h1():
    rendered = render_markdown("# Setting up\n\ntext\n\n## Install & run\n\nmore\n\n# Deploy\n")
    assert "<h1" not in rendered.html
    assert '<h2 id="setting-up">' in rendered.html
    assert [entry["name"] for entry in rendered.toc] == ["Setting up", "Deploy"]
    assert rendered.toc[0]["children"][0] == {
        "id": "install-run", "name": "Install & run", "level": 3, "children": []
    }  # fmt: skip


def test_reading_time_follows_the_word_count():
    assert render_markdown("word " * 100).reading_minutes == 1
    assert render_markdown("word " * 1000).reading_minutes == 5
    assert render_markdown("").reading_minutes == 1
