"""What readers see on each page, and what they never see."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from blog.pagination import paginate

from . import factories as f

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_home_links_to_stories_tutorials_and_authors(client):
    f.story_index(), f.tutorial_index(), f.author_index()
    page = soup(client.get("/"))
    nav = {a["href"] for a in page.select("nav[aria-label=Main] a")}
    assert {"/journeys/", "/tutorials/", "/authors/"} <= nav


def test_home_shows_featured_then_latest(client):
    featured = f.story(title="Picked by the editors")
    latest = f.tutorial(title="Fresh tutorial")
    home = f.home_page()
    from home.models import HomeFeaturedItem

    home.featured_items = [HomeFeaturedItem(page=featured)]
    home.save_revision().publish()
    page = soup(client.get("/"))
    featured_titles = [a.text for a in page.select("#bj-featured ~ .card-grid .card__title a")]
    latest_titles = [a.text for a in page.select("#bj-latest ~ .card-grid .card__title a")]
    assert featured_titles == ["Picked by the editors"]
    assert "Fresh tutorial" in latest_titles
    assert "Picked by the editors" not in latest_titles
    assert latest.title in latest_titles


def test_story_page_shows_everything_a_reader_needs(client):
    author = f.author(name="Amina Wanjiru")
    story = f.story(
        title="From the till to Django",
        authors=[author],
        tags=["career-change", "django"],
        body="## First steps\n\n```python\nprint('hello')\n```\n\n" + "word " * 460,
        starting_point="retail cashier",
        country="KE",
        city="Nairobi",
        journey_started_year=2019,
        milestones=[(2019, "Wrote my first loop"), (2021, "First backend job")],
    )
    page = soup(client.get(story.url))
    assert page.select_one("h1").text == "From the till to Django"
    assert len(page.select("h1")) == 1
    assert page.select_one(".byline a")["href"] == author.url
    tag_links = {a["href"] for a in page.select(".tag-list a")}
    assert tag_links == {"/tags/career-change/", "/tags/django/"}
    assert "3 min read" in page.select_one(".reading-time").text
    facts = page.select_one(".journey-facts").get_text(" ", strip=True)
    assert "retail cashier" in facts and "Nairobi, Kenya" in facts and "2019" in facts
    assert [li.get_text(" ", strip=True) for li in page.select(".timeline li")] == [
        "2019 Wrote my first loop",
        "2021 First backend job",
    ]
    assert page.select_one(".prose .highlight span.nb").text == "print"


def test_tutorial_page_shows_difficulty_time_contents_and_series(client):
    series = f.series(title="Postgres for app developers")
    part1 = f.tutorial(title="Part one", series=series, series_position=1)
    part2 = f.tutorial(
        title="Part two",
        series=series,
        series_position=2,
        difficulty="intermediate",
        estimated_minutes=90,
        prerequisites="Python 3.11\n- A terminal",
        body="## Install\n\ntext\n\n### On Linux\n\ntext\n\n## Query\n\ntext",
    )
    part3 = f.tutorial(title="Part three", series=series, series_position=3)
    page = soup(client.get(part2.url))
    facts = page.select_one(".tutorial-facts").get_text(" ", strip=True)
    assert "Intermediate" in facts and "1 h 30 min" in facts
    assert [li.text for li in page.select(".prerequisites li")] == ["Python 3.11", "A terminal"]
    toc = [a["href"] for a in page.select("nav.toc a")]
    assert toc == ["#install", "#on-linux", "#query"]
    for anchor in toc:
        assert page.select_one(anchor) is not None
    assert page.select_one(".series-nav__prev a")["href"] == part1.url
    assert page.select_one(".series-nav__next a")["href"] == part3.url


def test_author_page_lists_published_work_only(client):
    author = f.author(name="Tomasz")
    f.story(title="Published story", authors=[author])
    f.tutorial(title="Published tutorial", authors=[author])
    f.story(title="Secret draft", authors=[author], live=False)
    f.story(title="Someone else's", authors=[f.author()])
    page = soup(client.get(author.url))
    titles = {a.text for a in page.select(".card__title a")}
    assert titles == {"Published story", "Published tutorial"}


def test_bylines_link_only_the_author_profiles_readers_may_open(client):
    """A private, expired or unpublished profile keeps its name in the byline, unlinked:
    a link would lead to a login form, a password form or a 404."""
    import json

    from wagtail.models import PageViewRestriction

    public = f.author(name="Public Writer")
    private = f.author(name="Private Writer")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    expired = f.author(name="Expired Writer")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save(update_fields=["expire_at"])  # publish_scheduled has not run yet
    gone = f.author(name="Gone Writer", live=False)
    story = f.story(title="Four hands", authors=[public, private, expired, gone])
    f.story_index()

    for url in (story.url, "/journeys/", "/search/?q=hands"):
        byline = soup(client.get(url)).select_one(".byline")
        assert " ".join(byline.get_text().split()) == (
            "By Public Writer, Private Writer, Expired Writer and Gone Writer"
        ), url
        assert [(a.text, a["href"]) for a in byline.select("a")] == [
            ("Public Writer", public.url)
        ], url

    scripts = soup(client.get(story.url)).select('script[type="application/ld+json"]')
    article = next(d for d in map(json.loads, (s.string for s in scripts)) if "author" in d)
    assert [("url" in person, person["name"]) for person in article["author"]] == [
        (True, "Public Writer"),
        (False, "Private Writer"),
        (False, "Expired Writer"),
        (False, "Gone Writer"),
    ]
    assert article["author"][0]["url"].endswith(public.url)


def test_tag_page_lists_everything_tagged_and_nothing_else(client):
    f.story(title="Tagged story", tags=["postgresql"])
    f.tutorial(title="Tagged tutorial", tags=["postgresql"])
    f.story(title="Other story", tags=["django"])
    f.story(title="Tagged draft", tags=["postgresql"], live=False)
    page = soup(client.get("/tags/postgresql/"))
    assert page.select_one("h1").text == "Tagged #postgresql"
    assert {a.text for a in page.select(".card__title a")} == {"Tagged story", "Tagged tutorial"}


def test_a_tag_without_letters_or_digits_still_has_a_page(client):
    story = f.story(title="Smiling", tags=["🙂", "!!!", "?!"])
    for path in ["/", "/journeys/", "/tags/", story.url, "/sitemap.xml", "/feeds/all/rss.xml"]:
        assert client.get(path).status_code == 200, path
    links = {a.text: a["href"] for a in soup(client.get(story.url)).select("a[rel=tag]")}
    assert links["#🙂"] == "/tags/slight_smile/"
    assert len(set(links.values())) == 3  # "!!!" and "?!" get addresses of their own
    for href in links.values():
        tag_page = soup(client.get(href))
        assert [a.text for a in tag_page.select(".card__title a")] == ["Smiling"]


def test_a_tag_only_drafts_use_does_not_exist(client):
    f.story(tags=["secret-project"], live=False)
    assert client.get("/tags/secret-project/").status_code == 404
    index = soup(client.get("/tags/"))
    assert "secret-project" not in index.text


def test_drafts_and_unpublished_pages_never_reach_readers(client):
    author = f.author()
    f.story(title="Visible story", authors=[author], tags=["shared"])
    draft = f.story(title="Draft story", authors=[author], tags=["shared"], live=False)
    gone = f.tutorial(title="Unpublished tutorial", authors=[author], tags=["shared"])
    gone.unpublish()
    expired = f.story(title="Expired story", authors=[author], tags=["shared"])
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    hidden_author = f.author(name="Draft Author", live=False)

    for url in ("/", "/journeys/", "/tutorials/", "/authors/", author.url, "/tags/shared/",
                "/tags/", "/search/?q=story"):  # fmt: skip
        text = client.get(url).content.decode()
        assert "Draft story" not in text, url
        assert "Unpublished tutorial" not in text, url
        assert "Expired story" not in text, url
        assert "Draft Author" not in text, url
    assert "Visible story" in client.get("/journeys/").content.decode()
    assert client.get(draft.url or "/journeys/draft/").status_code == 404
    assert client.get("/tutorials/" + gone.slug + "/").status_code == 404
    assert client.get("/authors/" + hidden_author.slug + "/").status_code == 404


@pytest.mark.parametrize(
    ("value", "shown"), [("abc", 1), ("-1", 1), ("0", 1), ("99999", 2), ("2", 2), ("1e3", 1)]
)
def test_bad_page_numbers_show_the_nearest_valid_page(client, value, shown):
    for n in range(14):
        f.story(title=f"Story {n:02d}")
    response = client.get("/journeys/", {"page": value})
    page = soup(response)
    assert page.select_one(".pagination a[aria-current=page]").text == str(shown)
    assert len(page.select(".card")) == (12 if shown == 1 else 2)


def test_pagination_lists_twelve_a_page_with_an_elided_range(rf):
    request = rf.get("/journeys/", {"page": 10})
    page = paginate(request, list(range(12 * 20)))
    assert list(page) == list(range(108, 120))
    assert page.elided_range == [1, 2, "…", 8, 9, 10, 11, 12, "…", 19, 20]


def test_unknown_urls_give_a_friendly_404(client):
    for url in ("/no-such-page/", "/journeys/nope/", "/tags/does-not-exist/", "/authors/x/y/"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Page not found" in response.content


def test_every_page_has_a_skip_link_a_main_landmark_and_lang(client):
    story = f.story()
    for url in ("/", "/journeys/", story.url, "/tags/", "/search/"):
        page = soup(client.get(url))
        assert page.html["lang"] == "en"
        assert page.select_one("a.skip-link")["href"] == "#bj-main"
        assert page.select_one("main#bj-main") is not None
        assert len(page.select("h1")) == 1, url


def test_images_are_responsive_sized_and_lazy_below_the_fold(client):
    story = f.story(title="With cover", cover_image=f.image(size=(1600, 900)))
    listing = soup(client.get("/journeys/"))
    card = listing.select_one(".card picture")
    assert card.select_one('source[type="image/webp"]')["srcset"].count("w,") == 1
    img = card.select_one("img")
    assert img["loading"] == "lazy" and img["width"] and img["height"] and img["srcset"]
    page = soup(client.get(story.url))
    cover = page.select_one("figure.cover picture img")
    assert cover.get("loading") != "lazy" and cover["fetchpriority"] == "high"
    assert cover["width"] and cover["height"]
    assert page.select_one('figure.cover source[type="image/webp"]') is not None
