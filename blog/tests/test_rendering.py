"""Markdown becomes sanitised HTML with a table of contents and a reading time."""

import pytest
from bs4 import BeautifulSoup

from blog import rendering
from blog.rendering import MarkdownError, render_markdown

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


# Texts of about 100 KB that Python-Markdown cannot format in linear time or depth.
PATHOLOGICAL = {
    "nested brackets": "[" * 50_000 + "x" + "]" * 50_000,
    "unclosed link openers": "[a](" * 25_000,
    "opening brackets": "[" * 100_000,
    "emphasis runs": "*" * 50_000 + "x" + "*" * 50_000,
    "mixed emphasis": "*_" * 25_000 + "x" + "_*" * 25_000,
    "deep list": "".join("  " * depth + "- x\n" for depth in range(300)),
    "deep quotes and lists": "".join("> " * depth + "- x\n" for depth in range(300)),
    "brackets over many lines": "[\n" * 50_000,
    "backticks and angles": "`<" * 50_000,
}


@pytest.fixture
def short_render_limit(settings):
    """The real limit, shorter, so these tests take a second each, not two."""
    settings.MARKDOWN_RENDER_SECONDS = 0.5


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_gets_a_result_or_a_message(name, short_render_limit):
    text = PATHOLOGICAL[name]
    try:
        rendered = render_markdown(text)
    except MarkdownError as error:
        assert str(error).startswith("This text could not be formatted: ")
    else:
        assert rendered.html


def test_a_text_cut_off_in_time_says_where_to_look(short_render_limit):
    with pytest.raises(MarkdownError) as refused:
        render_markdown("Intro\n\n" + "[" * 30_000 + "x" + "]" * 30_000)
    assert "it takes longer than 0.5 seconds" in str(refused.value)
    assert "Line 3 has 30,000 “[” in a row" in str(refused.value)


def test_a_cut_off_text_is_refused_again_without_formatting_it_again(
    short_render_limit, monkeypatch
):
    text = "[" * 30_000 + "x" + "]" * 30_000
    with pytest.raises(MarkdownError):
        render_markdown(text)
    monkeypatch.setattr(rendering, "run_bounded", None)  # any new attempt would fail
    with pytest.raises(MarkdownError, match=r"longer than 0\.5 seconds"):
        render_markdown(text)


def test_nesting_deeper_than_the_limit_is_refused_before_formatting(monkeypatch):
    monkeypatch.setattr(rendering, "run_bounded", None)
    text = "Intro\n\n" + "".join("    " * depth + "- item\n" for depth in range(25))
    with pytest.raises(MarkdownError, match="line 23 is inside 21 lists and quotes"):
        render_markdown(text)
    with pytest.raises(MarkdownError, match="line 1 is inside 21 lists and quotes"):
        render_markdown("> " * 21 + "quoted")


def test_nesting_inside_a_code_block_is_only_code():
    deep = "".join("    " * depth + "- item\n" for depth in range(30))
    assert "- item" in render_markdown(f"```\n{deep}```").html


def test_a_text_longer_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(rendering, "run_bounded", None)
    with pytest.raises(MarkdownError, match="200,001 characters long, and the most is 200,000"):
        render_markdown("a" * 200_001)


def test_a_long_real_text_is_formatted_whole():
    paragraph = "A *real* paragraph with [a link](https://example.com) and `code`. " * 20
    text = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(100))
    assert len(text) > 100_000
    rendered = render_markdown(text)
    assert rendered.html.count("<h2") == 100
    assert len(rendered.toc) == 100


def test_control_characters_never_reach_the_html():
    rendered = render_markdown("# Ti\x0btle\n\nA\x01 b\x1f\ufffe\r\nc")
    assert rendered.html == '<h2 id="title">Title</h2>\n<p>A b\nc</p>'


# Images: only our media is shown; a picture from anywhere else becomes a link to it, so
# no browser showing the body (an editor's preview first) calls a host a contributor chose.
OURS = ["/media/images/cover.max-800x600.png", " /media/images/a.png", "/media/x%20y.webp"]
FOREIGN = [
    "https://elsewhere.example/cat.png",
    "http://127.0.0.1:8000/media/images/a.png",  # ours by path, but not a media host
    "//elsewhere.example/media/a.png",
    "/\\elsewhere.example/media/a.png",
    "/media/../admin/logout/",
    "/media/%2e%2e/admin/",
    "/static/favicon.svg",
    "images/relative.png",
    "https://media.example.org.evil.example/public/a.png",
    "https://media.example.org@evil.example/public/a.png",
]


def body_images(html):
    soup = BeautifulSoup(html, "html.parser")
    return [img["src"] for img in soup.select("img")], soup


@pytest.mark.parametrize("src", OURS)
def test_images_from_our_media_are_shown(src):
    html = render_markdown(f'<img src="{src}" alt="Cover">').html
    sources, _ = body_images(html)
    assert sources == [src]


@pytest.mark.parametrize("src", FOREIGN)
def test_an_image_from_anywhere_else_becomes_a_link_to_it(src, settings):
    settings.MEDIA_URL = "/media/"
    html = render_markdown(f'Look: <img src="{src}" alt="A cat on a keyboard">').html
    sources, soup = body_images(html)
    assert sources == []
    link = soup.select_one("a")
    assert link.text == "Image: A cat on a keyboard"
    assert link["href"] == src
    assert link["rel"] == ["nofollow", "noopener", "noreferrer", "ugc"]


def test_images_on_the_media_hosts_of_the_settings_are_shown(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "renditions": {
            "BACKEND": "uploads.storage.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": "journeys-media",
                "custom_domain": "media.example.org",
                "location": "public",
            },
        },
    }
    ours = "https://media.example.org/public/images/a.png"
    html = render_markdown(
        f"![ours]({ours}) ![bucket root](https://media.example.org/private.png)"
    ).html
    sources, soup = body_images(html)
    assert sources == [ours]
    assert soup.select_one("a").text == "Image: bucket root"


def test_markdown_images_linked_images_and_markup_in_alt_text():
    html = render_markdown(
        '![a <b>bold</b> & "quoted" cat](https://elsewhere.example/cat.png)\n\n'
        "[![badge](https://ci.example/badge.svg)](https://ci.example/build)\n\n"
        '<img alt="no address">'
    ).html
    sources, soup = body_images(html)
    assert sources == []
    links = soup.select("a")
    assert [link.text for link in links] == ['Image: a <b>bold</b> & "quoted" cat', "Image: badge"]
    # A link may not hold a link: the image in one becomes its text.
    assert links[1]["href"] == "https://ci.example/build"
    assert "Image: no address" in soup.text
    assert "<b>" not in html


def test_short_texts_are_formatted_here_and_long_ones_in_a_child(monkeypatch):
    children = []
    real = rendering.run_bounded
    monkeypatch.setattr(
        rendering, "run_bounded", lambda *a, **k: children.append(1) or real(*a, **k)
    )
    short = "## Short\n\n" + "word " * 150
    assert len(short) <= rendering.IN_PROCESS_MAX_CHARS
    assert render_markdown(short).word_count == 151
    assert children == []
    assert render_markdown(short * 2).word_count == 303  # the second heading joins the text
    assert children == [1]
