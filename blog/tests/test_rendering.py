"""Markdown becomes sanitised HTML with a table of contents and a reading time."""

import pytest
from bs4 import BeautifulSoup

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
