"""Everything a contributor writes reaches readers as text or sanitised HTML, never as
active content: body, summary, bio, tags, names, links."""

import json

import pytest
from bs4 import BeautifulSoup

from . import factories as f

pytestmark = pytest.mark.django_db

SCRIPT = "<script>window.__xss = 1</script>"
IMG = '<img src="x" onerror="window.__xss = 2">'
LINK = "[click me](javascript:window.__xss=3)"


def hostile_content():
    author = f.author(
        name=f"Mallory {SCRIPT}",
        bio=f"Bio {SCRIPT} {IMG} {LINK} <a href='javascript:alert(1)'>x</a>",
        location=f"Nowhere {IMG}",
    )
    story = f.story(
        title=f"Title {SCRIPT}",
        summary=f"Summary {SCRIPT} {IMG}",
        body=f"## Heading {IMG}\n\n{SCRIPT}\n\n{IMG}\n\n{LINK}\n\n"
        '<a href="javascript:window.__xss=4" onclick="window.__xss=5">a</a>\n\n'
        '<div onmouseover="window.__xss=6">hover</div>',
        authors=[author],
        tags=[f"tag {SCRIPT}", "<b onmouseover=alert(1)>bold</b>"],
        starting_point=f"cashier {IMG}",
        city=f"City {SCRIPT}",
        milestones=[(2020, f"Milestone {SCRIPT}")],
        canonical_url="https://example.com/post?<script>",
    )
    tutorial = f.tutorial(
        title=f"Tutorial {IMG}",
        authors=[author],
        prerequisites=f"Item {SCRIPT}\n{IMG}",
        body=f"## Step {SCRIPT}\n\ntext",
        tags=["safe"],
    )
    return author, story, tutorial


def active_content(html):
    """Elements and attributes that would run script in a browser."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for element in page.find_all(True):
        data_only = element.name == "script" and element.get("type") == "application/ld+json"
        active = element.name in {"script", "iframe", "object", "embed"} and not data_only
        if active and "__xss" in str(element):
            found.append(str(element))
        if data_only:  # JSON-LD may carry the text, never a way out of its element
            assert "</script" not in element.string.lower()
            json.loads(element.string)
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.startswith("on") or text.strip().lower().startswith("javascript:"):
                found.append(f"{element.name} {attribute}={text}")
    return found


def test_hostile_input_reaches_no_reader_page_as_active_content(client):
    author, story, tutorial = hostile_content()
    tag_urls = [f"/tags/{tag.slug}/" for tag in story.tags.all()]
    for url in ["/", "/journeys/", "/tutorials/", "/authors/", "/tags/", story.url,
                tutorial.url, author.url, *tag_urls, "/search/?q=Title"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert active_content(html) == [], url
        assert "<script>window.__xss" not in html, url


def test_hostile_text_is_shown_as_text(client):
    _author, story, _tutorial = hostile_content()
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert page.select_one("h1").text == f"Title {SCRIPT}"
    assert SCRIPT in page.select_one(".lede").text
    assert f"Milestone {SCRIPT}" in page.select_one(".timeline").text
