"""The end of a story or tutorial and tutorial series, as readers get them from the server:
author cards (escaped, linked, no drafts in "More from", fresh after a profile or a new
piece is published), the series box, each series' page, feed and sitemap entry, and query
counts that do not grow with the number of parts."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import AuthorLink
from pagecache import generation

from . import factories as f

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


# Author cards


def test_each_author_gets_a_card_with_avatar_bio_links_more_and_follow(client):
    amina = f.author(name="Amina Wanjiru", slug="amina", avatar=f.image(), location="Nairobi",
                     bio="Runs a *Saturday* coding club.")  # fmt: skip
    amina.links.add(AuthorLink(kind="github", url="https://example.com/amina"))
    republish(amina)
    lan = f.author(name="Nguyễn Thị Lan", slug="lan")
    story = f.story(title="Two hands", authors=[amina, lan])
    for n in range(4):
        f.story(title=f"Amina's piece {n}", authors=[amina])
    f.tutorial(title="Lan's tutorial", authors=[lan])

    page = soup(client.get(story.url))
    cards = page.select(".author-box")
    assert [c.select_one(".author-box__name a").text for c in cards] == [
        "Amina Wanjiru",
        "Nguyễn Thị Lan",
    ]
    first, second = cards
    assert first.select_one(".author-box__name a")["href"] == amina.url
    assert first.select_one("img.avatar")["alt"] == ""
    assert first.select_one(".author-box__bio em").text == "Saturday"
    assert first.select_one(".author-box__location").text == "Nairobi"
    assert [a["href"] for a in first.select(".author-links a")] == ["https://example.com/amina"]
    assert first.select_one(".author-box__more-title").text == "More from Amina Wanjiru"
    # Three of the four, newest first (the factories date each a minute before the last).
    assert [a.text for a in first.select(".author-box__more a")] == [
        "Amina's piece 0",
        "Amina's piece 1",
        "Amina's piece 2",
    ]
    assert [a.text for a in second.select(".author-box__more a")] == ["Lan's tutorial"]
    follow = {a["href"] for a in first.select(".follow a")}
    assert follow == {"/feeds/authors/amina/rss.xml", "/feeds/authors/amina/atom.xml"}
    assert second.select_one("img.avatar") is None  # no avatar, no broken picture


def test_more_from_never_lists_drafts_the_piece_itself_or_others_work(client):
    author = f.author(name="Tomasz")
    story = f.story(title="This piece", authors=[author])
    f.story(title="Published piece", authors=[author])
    f.story(title="Secret draft", authors=[author], live=False)
    f.tutorial(title="Unpublished tutorial", authors=[author]).unpublish()
    f.story(title="Someone else's", authors=[f.author()])
    page = soup(client.get(story.url))
    assert [a.text for a in page.select(".author-box__more a")] == ["Published piece"]


def test_an_author_with_nothing_else_published_gets_no_more_from(client):
    story = f.story(title="Only piece", authors=[f.author(name="New Writer")])
    page = soup(client.get(story.url))
    assert page.select_one(".author-box") is not None
    assert page.select_one(".author-box__more-title") is None


def test_a_profile_readers_cannot_open_gets_no_card(client):
    public = f.author(name="Public Writer")
    draft = f.author(name="Draft Writer", live=False, bio="Not public yet.")
    story = f.story(authors=[public, draft])
    html = client.get(story.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert [a.text for a in page.select(".author-box__name a")] == ["Public Writer"]
    assert "Not public yet." not in html


def test_what_authors_write_is_escaped_on_their_cards(client):
    author = f.author(name=f"Eve {SCRIPT}", bio=f"Bio {SCRIPT} [x](javascript:alert(1))")
    f.story(title=f"Other {SCRIPT}", authors=[author])
    story = f.story(authors=[author])
    html = client.get(story.url).content.decode()
    cards = BeautifulSoup(html, "html.parser").select_one(".author-boxes")
    assert cards.select("script") == []
    assert "javascript:" not in str(cards)
    assert f"Eve {SCRIPT}" in cards.select_one(".author-box__name").text
    assert f"More from Eve {SCRIPT}" == cards.select_one(".author-box__more-title").text


def test_the_card_follows_a_published_profile_change_and_a_new_piece(client):
    author = f.author(name="Priya", bio="The first bio.")
    story = f.story(title="Kept piece", authors=[author])
    assert "The first bio." in client.get(story.url).content.decode()  # now kept

    author.bio = "The second bio."
    author.save_revision()  # a draft of the profile: readers still see the first
    assert "The first bio." in client.get(story.url).content.decode()

    author.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert "The second bio." in html and "The first bio." not in html

    f.tutorial(title="A brand new piece", authors=[author])
    assert "A brand new piece" in client.get(story.url).content.decode()


def test_the_share_row_offers_the_address_and_hidden_buttons(client):
    story = f.story(title="Share me")
    page = soup(client.get(story.url))
    share = page.select_one(".share")
    assert share.select_one("input[readonly]")["value"] == f"http://testserver{story.url}"
    buttons = share.select("button")
    assert buttons and all(button.has_attr("hidden") for button in buttons)
    assert page.select_one('script[src$="js/share.js"]').has_attr("defer")


# Series


@pytest.fixture
def series():
    """A series of four parts, the third a draft and the fifth unpublished."""
    series = f.series(title="Postgres for app developers", slug="postgres")
    series.description = "Query plans, indexes & who may see what."
    series.save()
    parts = {
        n: f.tutorial(title=f"Part {n} title", series=series, series_position=n,
                      live=n != 3)
        for n in (1, 2, 3, 4, 5)
    }  # fmt: skip
    parts[5].unpublish()
    return series, parts


def test_the_series_box_lists_every_live_part_in_order_and_marks_this_one(client, series):
    _, parts = series
    page = soup(client.get(parts[2].url))
    box = page.select_one(".series-box")
    assert [a["href"] for a in box.select(".series-box__parts a")] == [
        parts[1].url,
        parts[2].url,
        parts[4].url,
    ]
    current = box.select('[aria-current="page"]')
    assert [a["href"] for a in current] == [parts[2].url]
    assert box.select_one(".series-nav__prev a")["href"] == parts[1].url
    assert box.select_one(".series-nav__next a")["href"] == parts[4].url  # the draft skipped
    assert "Part 3 title" not in str(page) and "Part 5 title" not in str(page)
    kicker = page.select_one(".kicker a")
    assert kicker["href"] == "/tutorials/series/postgres/"
    assert kicker.get_text(" ", strip=True) == "Part 2 of Postgres for app developers"
    feeds = {link["href"] for link in page.select('link[rel="alternate"]')}
    assert "/feeds/series/postgres/atom.xml" in feeds


def test_the_contents_number_no_step_twice(client):
    tutorial = f.tutorial(body="## Step 1: Install\n\ntext\n\n## Step 2: Query\n\ntext")
    page = soup(client.get(tutorial.url))
    toc = page.select_one("nav.toc")
    assert toc.select("ol") == []  # the headings carry their own numbers
    assert [a.text for a in toc.select("a")] == ["Step 1: Install", "Step 2: Query"]


def test_the_series_page_lists_live_parts_in_order(client, series):
    page = soup(client.get("/tutorials/series/postgres/"))
    assert page.select_one("h1").text == "Postgres for app developers"
    assert page.select_one(".lede").text == "Query plans, indexes & who may see what."
    titles = [a.text for a in page.select(".series-part__title a")]
    assert titles == ["Part 1 title", "Part 2 title", "Part 4 title"]
    numbers = [p.text for p in page.select(".series-part__number")]
    assert numbers == ["Part 1", "Part 2", "Part 4"]
    follow = {a["href"] for a in page.select("main .follow a")}  # not the footer's
    assert follow == {"/feeds/series/postgres/rss.xml", "/feeds/series/postgres/atom.xml"}
    feeds = {link["href"] for link in page.select('link[rel="alternate"]')}
    assert {"/feeds/series/postgres/rss.xml", "/feeds/series/postgres/atom.xml"} <= feeds
    crumbs = page.select_one('script[type="application/ld+json"]').text
    assert "Tutorials" in crumbs and "Postgres for app developers" in crumbs


def test_unknown_and_draft_only_series_are_404(client):
    drafts = f.series(slug="drafts-only")
    f.tutorial(series=drafts, series_position=1, live=False)
    for url in (
        "/tutorials/series/nope/",
        "/tutorials/series/drafts-only/",
        "/tutorials/series/%00/",
        "/feeds/series/nope/rss.xml",
        "/feeds/series/drafts-only/atom.xml",
        "/feeds/series/rss.xml",
    ):
        assert client.get(url).status_code == 404, url


def test_a_series_title_is_escaped(client):
    mischief = f.series(title=f"Series {SCRIPT}", slug="mischief")
    tutorial = f.tutorial(series=mischief, series_position=1)
    for url in ("/tutorials/series/mischief/", tutorial.url):
        html = client.get(url).content.decode()
        assert SCRIPT not in html and "Series &lt;script&gt;" in html, url


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_series_feed_holds_its_live_parts_only(client, series, fmt):
    response = client.get(f"/feeds/series/postgres/{fmt}.xml")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.startswith("Postgres for app developers")
    assert {entry.title for entry in feed.entries} == {
        "Part 1 title",
        "Part 2 title",
        "Part 4 title",
    }


def test_the_sitemap_lists_series_with_live_parts_only(client, series):
    drafts = f.series(slug="drafts-only")
    f.tutorial(series=drafts, series_position=1, live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/tutorials/series/postgres/</loc>" in xml
    assert "drafts-only" not in xml


def _queries(client, url):
    client.get(url)  # renditions made once
    generation.bump("test")  # nothing kept: count the rendering
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_series_queries_do_not_grow_with_the_number_of_parts(client):
    authors = [f.author(avatar=f.image()) for _ in range(3)]
    series = f.series(slug="long")

    def add_parts(start, count):
        for n in range(start, start + count):
            f.tutorial(series=series, series_position=n, authors=authors[n % 3:] or authors,
                       tags=["shared", f"t{n}"], cover_image=f.image())  # fmt: skip

    add_parts(1, 3)
    first = series.tutorials.get(series_position=1)
    small = {url: _queries(client, url) for url in ("/tutorials/series/long/", first.url)}
    add_parts(4, 12)
    for url, count in small.items():
        assert _queries(client, url) <= count, url
    assert small["/tutorials/series/long/"] <= 10


def test_the_tutorials_index_leads_to_each_series_with_live_parts(client, series):
    drafts = f.series(title="Only drafts", slug="drafts-only")
    f.tutorial(series=drafts, series_position=1, live=False)
    page = soup(client.get("/tutorials/"))
    links = page.select(".series-links a")
    assert [(a.text, a["href"]) for a in links] == [
        ("Postgres for app developers", "/tutorials/series/postgres/")
    ]
    assert "(3 parts)" in page.select_one(".series-links").text
