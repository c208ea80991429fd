""" "Follow" on author and tag pages and in every page's footer: the feeds of that scope and
the email form, in plain HTML that keeps the page cacheable."""

import re

import pytest

from blog.tests import factories as f

pytestmark = pytest.mark.django_db


def follow_boxes(html):
    return re.findall(r'<section class="follow".*?</section>', html, flags=re.S)


def test_an_author_page_offers_to_follow_the_author_by_feed_and_by_email(client):
    amina = f.author(name="Amina <Wanjiru>", slug="amina-wanjiru")
    f.story(authors=[amina])
    response = client.get(amina.url)
    assert response.status_code == 200
    author_box, footer_box = follow_boxes(response.content.decode())
    assert "Follow Amina &lt;Wanjiru&gt;" in author_box
    assert 'href="/feeds/authors/amina-wanjiru/rss.xml"' in author_box
    assert 'href="/feeds/authors/amina-wanjiru/atom.xml"' in author_box
    assert 'action="/follow/"' in author_box and 'method="post"' in author_box
    assert 'name="scope" value="author"' in author_box
    assert 'name="slug" value="amina-wanjiru"' in author_box
    assert "Follow Backend Journeys" in footer_box
    assert 'href="/feeds/all/rss.xml"' in footer_box
    assert 'name="scope" value="all"' in footer_box
    # Every field has its own id on a page showing two boxes.
    ids = re.findall(r'id="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids))


def test_a_tag_page_offers_to_follow_the_tag(client):
    f.story(tags=["django"])
    html = client.get("/tags/django/").content.decode()
    tag_box = follow_boxes(html)[0]
    assert "Follow #django" in tag_box
    assert 'href="/feeds/tags/django/rss.xml"' in tag_box
    assert 'name="scope" value="tag"' in tag_box


def test_pages_with_the_box_stay_shareable_by_the_page_cache(client):
    amina = f.author(name="Amina")
    f.story(authors=[amina])
    response = client.get(amina.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_what_the_author_box_sends_starts_following_that_author(client, mailbox):
    amina = f.author(name="Amina", slug="amina")
    f.story(authors=[amina])
    response = client.post(
        "/follow/", {"email": "fan@example.com", "scope": "author", "slug": "amina",
                     "frequency": "weekly"},
    )  # fmt: skip
    assert response.status_code == 303
    [confirmation] = mailbox.messages
    assert "new pieces by Amina by email (weekly digest)" in confirmation["message"].get_body(
        preferencelist=("plain",)
    ).get_content().replace("\n", " ")
