"""Feeds, sitemap and robots.txt hold what readers may see, and parse."""

import datetime
from urllib.parse import quote

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml.ElementTree import fromstring
from django.utils import timezone
from wagtail.models import PageViewRestriction

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def content_built(django_db_setup, django_db_blocker, tmp_path_factory):
    with f.kept_for_the_module(django_db_blocker, tmp_path_factory):
        yield _content()


@pytest.fixture
def content(content_built, db):
    """Readers' pages and every kind of hidden one, built once for the module; each test gets
    them fetched again."""
    return {name: type(page).objects.get(pk=page.pk) for name, page in content_built.items()}


def _content():
    author = f.author(name="Amina")
    other = f.author(name="João")
    world = {
        "author": author,
        "story": f.story(title="Visible story", authors=[author], tags=["django"],
                         body="## Start\n\n**Bold** move. <script>alert(1)</script>"),
        "tutorial": f.tutorial(title="Visible tutorial", authors=[other], tags=["django", "sql"]),
        "draft": f.story(title="Draft story", authors=[author], tags=["django"], live=False),
        "gone": f.tutorial(title="Unpublished tutorial", authors=[author], tags=["django"]),
        "expired": f.story(title="Expired story", authors=[author], tags=["django"]),
        "private": f.story(title="Private story", authors=[author], tags=["django"]),
    }  # fmt: skip
    world["gone"].unpublish()
    world["expired"].expire_at = timezone.now() - datetime.timedelta(minutes=5)
    world["expired"].save()
    PageViewRestriction.objects.create(
        page=world["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return world


FEEDS = [
    ("/feeds/all/{fmt}.xml", {"Visible story", "Visible tutorial"}),
    ("/feeds/journeys/{fmt}.xml", {"Visible story"}),
    ("/feeds/tutorials/{fmt}.xml", {"Visible tutorial"}),
    ("/feeds/tags/django/{fmt}.xml", {"Visible story", "Visible tutorial"}),
    ("/feeds/tags/sql/{fmt}.xml", {"Visible tutorial"}),
]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize(("url", "titles"), FEEDS)
def test_feeds_parse_and_hold_only_what_readers_see(client, content, url, titles, fmt):
    response = client.get(url.format(fmt=fmt))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if fmt == "rss" else "atom10")
    assert {entry.title for entry in feed.entries} == titles


def test_author_feed_and_full_sanitised_body(client, content):
    author = content["author"]
    feed = feedparser.parse(client.get(f"/feeds/authors/{author.slug}/atom.xml").content)
    assert [entry.title for entry in feed.entries] == ["Visible story"]
    entry = feed.entries[0]
    body = entry.summary
    assert "<strong>Bold</strong>" in body and "<h2" in body and "script" not in body
    assert entry.author == "Amina"
    assert [tag.term for tag in entry.tags] == ["django"]
    published = content["story"].first_published_at
    assert entry.published_parsed[:5] == published.utctimetuple()[:5]
    assert entry.link.endswith(content["story"].url)


def test_unknown_feeds_and_draft_only_tags_are_404(client, content):
    f.story(title="Secret", tags=["secret-topic"], live=False)
    for url in ["/feeds/nothing/rss.xml", "/feeds/tags/secret-topic/rss.xml",
                "/feeds/authors/nobody/atom.xml", "/feeds/tags/rss.xml"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_a_feed_takes_a_slug_only_where_it_needs_one(client, content):
    # /feeds/all/<anything>/ would otherwise be the whole feed again at endless addresses.
    for url in ["/feeds/all/django/rss.xml", "/feeds/journeys/x/atom.xml",
                "/feeds/tutorials/amina/rss.xml"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


HOSTILE_TITLE = "Ends ]]> here <script>alert(1)</script> & </script><![CDATA[ more"


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_markup_in_titles_and_bodies_is_escaped_and_feeds_still_parse(client, fmt):
    f.story(title=HOSTILE_TITLE, body="a ]]> b <img src=x onerror=alert(1)>", tags=["django"])
    for url in [f"/feeds/all/{fmt}.xml", f"/feeds/tags/django/{fmt}.xml"]:
        response = client.get(url)
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert HOSTILE_TITLE in [entry.title for entry in feed.entries]
        assert b"<script>" not in response.content and b"<img" not in response.content
        assert b"onerror" not in response.content and b"]]> b" not in response.content


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_tags_in_any_script_have_feeds(client, fmt):
    story = f.story(title="Unicode tags", tags=["Café au lait", "日本語", "Ünïcödé"])
    slugs = sorted(tag.slug for tag in story.tags.all())
    assert slugs == ["café-au-lait", "ünïcödé", "日本語"]
    for slug in slugs:
        page = BeautifulSoup(client.get(f"/tags/{quote(slug)}/").content, "html.parser")
        href = page.select_one(f'link[rel="alternate"][href$="/{fmt}.xml"][title^="#"]')["href"]
        response = client.get(href)
        assert response.status_code == 200, href
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (slug, feed.bozo_exception)
        assert [entry.title for entry in feed.entries] == ["Unicode tags"]


def test_pages_announce_their_feeds(client, content):
    for url, expected in [
        ("/", "/feeds/all/rss.xml"),
        ("/journeys/", "/feeds/journeys/rss.xml"),
        ("/tags/django/", "/feeds/tags/django/atom.xml"),
        (content["author"].url, f"/feeds/authors/{content['author'].slug}/rss.xml"),
    ]:
        page = BeautifulSoup(client.get(url).content, "html.parser")
        links = {link["href"] for link in page.select('link[rel="alternate"]')}
        assert expected in links, url


def test_sitemap_lists_visible_pages_and_tags_only(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {el.text for el in fromstring(response.content).iter() if el.tag.endswith("loc")}
    paths = {url.split("localhost", 1)[-1].split("testserver", 1)[-1] for url in urls}
    assert content["story"].url in paths and content["tutorial"].url in paths
    assert "/tags/django/" in paths and content["author"].url in paths
    for hidden in ("draft", "gone", "expired", "private"):
        assert content[hidden].url not in paths, hidden


def test_a_tag_without_letters_has_its_own_address_in_the_sitemap(client, content):
    # "🙂" slugifies to nothing; blog.tags gives it one from its ASCII spelling.
    f.story(title="Emoji tag", tags=["🙂"])
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {el.text for el in fromstring(response.content).iter() if el.tag.endswith("loc")}
    (emoji,) = [url for url in urls if "slight_smile" in url]
    assert emoji.endswith("/tags/slight_smile/")
    assert client.get("/tags/slight_smile/").status_code == 200
    assert any(url.endswith("/tags/django/") for url in urls)
    assert not [url for url in urls if url.endswith("/tags//")]


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_leads_to_the_site_icon(client):
    # Browsers and crawlers ask for /favicon.ico whatever the page says; it must not be a 404.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
