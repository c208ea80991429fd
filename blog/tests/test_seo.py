"""Every page type has a unique title, a description, a canonical link, Open Graph tags and
JSON-LD that parses; related reading costs a fixed number of queries."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import factories as f

pytestmark = pytest.mark.django_db


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    tags = page.select("head meta[content]")
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in tags}
    return page, meta, data


@pytest.fixture
def site_pages():
    author = f.author(name="Amina Wanjiru", location="Nairobi", avatar=f.image())
    series = f.series(title="Postgres")
    story = f.story(
        title="From the till to Django", authors=[author], tags=["django"],
        cover_image=f.image(size=(1600, 900)),
        canonical_url="https://example.net/original-post",
    )  # fmt: skip
    tutorial = f.tutorial(
        title="Indexes that help", authors=[author], tags=["postgresql"],
        difficulty="advanced", estimated_minutes=90, series=series, series_position=1,
    )  # fmt: skip
    return {
        "home": "/", "index": "/journeys/", "tutorials": "/tutorials/", "authors": "/authors/",
        "story": story.url, "tutorial": tutorial.url, "author": author.url,
        "tag": "/tags/django/", "tags": "/tags/", "signup": "/write-for-us/",
        "search": "/search/", "search_results": "/search/?q=django",
    }  # fmt: skip


def test_each_page_type_has_complete_unique_meta(client, site_pages):
    titles, shared_titles = set(), set()
    for name, url in site_pages.items():
        page, meta, data = head_of(client, url)
        title = page.title.string
        assert title not in titles, (name, title)
        titles.add(title)
        # What a link shared on a social network shows is as unique as the page title.
        assert meta.get("og:title") not in shared_titles, (name, meta.get("og:title"))
        shared_titles.add(meta.get("og:title"))
        assert meta.get("description"), name
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith("http"), name
        for key in ("og:title", "og:description", "og:url", "og:type", "twitter:card"):
            assert meta.get(key), (name, key)
        assert data, f"{name} has no JSON-LD"


def test_article_json_ld_and_canonical_original(client, site_pages):
    page, meta, data = head_of(client, site_pages["story"])
    assert page.select_one('link[rel="canonical"]')["href"] == "https://example.net/original-post"
    article = next(d for d in data if d["@type"] == "Article")
    assert article["headline"] == "From the till to Django"
    [person] = article["author"]
    assert person["@type"] == "Person" and person["name"] == "Amina Wanjiru"
    assert person["url"] == "http://testserver" + site_pages["author"]
    assert meta["og:type"] == "article"
    assert meta["og:image"].startswith("http") and meta["og:image:width"] == "1200"
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Backend Journeys", "Journeys", "From the till to Django",
    ]  # fmt: skip


def test_tutorial_is_a_tech_article_and_author_a_profile_page(client, site_pages):
    _page, _meta, data = head_of(client, site_pages["tutorial"])
    tech = next(d for d in data if d["@type"] == "TechArticle")
    assert tech["proficiencyLevel"] == "Expert" and tech["timeRequired"] == "PT1H30M"
    _page, meta, data = head_of(client, site_pages["author"])
    profile = next(d for d in data if d["@type"] == "ProfilePage")
    assert profile["mainEntity"]["name"] == "Amina Wanjiru"
    assert meta["og:type"] == "profile"


def test_paginated_listings_have_their_own_title_and_canonical(client):
    for n in range(13):
        f.story(title=f"Story {n}")
    page1, _, _ = head_of(client, "/journeys/")
    page2, _, _ = head_of(client, "/journeys/?page=2")
    assert page1.title.string != page2.title.string
    assert page2.select_one('link[rel="canonical"]')["href"].endswith("/journeys/?page=2")


def test_json_ld_cannot_be_broken_out_of(client):
    story = f.story(title="</script><script>alert(1)</script>", summary="a & b < c")
    response = client.get(story.url).content.decode()
    page = BeautifulSoup(response, "html.parser")
    scripts = page.select('script[type="application/ld+json"]')
    assert all(json.loads(s.string) for s in scripts)
    executable = [s for s in page.select("script") if not s.get("type")]
    assert not [s for s in executable if "alert(1)" in (s.string or "")]


def test_related_reading_shares_tags_or_starting_point_at_a_fixed_cost(client):
    story = f.story(title="Main", tags=["django", "career-change"], starting_point="cashier")
    f.story(title="Shares both tags", tags=["django", "career-change"], cover_image=f.image())
    f.story(title="Same start", tags=["rust"], starting_point="Cashier", cover_image=f.image())
    f.tutorial(title="Shares one tag", tags=["django"], cover_image=f.image())
    f.story(title="Unrelated", tags=["go"], starting_point="teacher")
    f.story(title="Related draft", tags=["django"], live=False)
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    related = [a.text for a in page.select(".related .card__title a")]
    assert related[0] == "Shares both tags"
    assert set(related) == {"Shares both tags", "Same start", "Shares one tag"}

    client.get(story.url)
    with CaptureQueriesContext(connection) as few:
        client.get(story.url)
    for n in range(6):
        f.story(title=f"More {n}", tags=["django", "career-change"], cover_image=f.image())
    client.get(story.url)
    with CaptureQueriesContext(connection) as more:
        client.get(story.url)
    assert len(more) <= len(few)
