"""On the demo content: a word found only in a body finds its story, a title match ranks above
a body-only match, filters narrow the results and the facet counts match what each value's
link shows. Runs on SQLite and on PostgreSQL, like the rest of the suite."""

import re

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, AuthorPage

pytestmark = pytest.mark.django_db

TILL = "From the till to the terminal: how a supermarket queue led me to Django"


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [link.text for link in soup.select(".search-result__title a")]


def total(soup):
    count = soup.select_one("#bj-search-count").text
    return 0 if count.startswith("No results") else int(re.match(r"(\d+) result", count).group(1))


def facet_links(soup, name):
    """{href: count} for every value of one facet."""
    return {
        link["href"]: int(link.select_one(".facet__count").contents[0])
        for link in soup.select(f'.facet[data-facet="{name}"] a')
    }


def words(text):
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("word", ["denominations", "kahawa", "salon", "pallet", "timezone"])
def test_a_word_only_in_a_body_finds_its_piece(client, demo, word):
    soup = get(client, "/search/", {"q": word})
    found = titles(soup)
    assert found, word
    page = ArticlePage.objects.get(title=found[0])
    assert word not in words(page.title) and word not in words(page.summary)
    assert word in words(page.body)
    snippet = soup.select(".search-result__snippet")[0]
    if word in words(page.body_text):
        assert "<mark>" in str(snippet).lower()
    else:  # only in a code block: found, but a snippet quotes sentences, never code
        assert word not in words(snippet.text)


def test_body_only_word_from_the_till_story(client, demo):
    assert titles(get(client, "/search/", {"q": "denominations"})) == [TILL]


def test_a_title_match_ranks_above_body_only_matches(client, demo):
    """Every word of a visible title that other pages only have in their text: the first
    result has it in its title."""
    pages = [*ArticlePage.objects.visible(), *AuthorPage.objects.visible()]
    names = set().union(*(words(author.title) for author in AuthorPage.objects.all()))
    checked = 0
    for word in sorted(set().union(*(words(page.title) for page in pages)) - names):
        if len(word) < 4:
            continue
        with_title = {page.title for page in pages if word in words(page.title)}
        found = titles(get(client, "/search/", {"q": word}))
        if not found or set(found) <= with_title:
            continue
        checked += 1
        # PostgreSQL stems ("testing" is a title match for "tests"); compare stems too.
        first = words(found[0])
        assert word in first or any(w.startswith(word[:4]) for w in first), (word, found)
    assert checked >= 10


def test_explicit_title_against_body_examples(client, demo):
    assert titles(get(client, "/search/", {"q": "queue"}))[0] == TILL
    assert titles(get(client, "/search/", {"q": "css"}))[0] == (
        "Nine years of CSS, then I opened the database"
    )
    found = titles(get(client, "/search/", {"q": "explain"}))
    assert found[0] == "Finding and fixing a slow query with EXPLAIN and the right index"
    assert len(found) > 1


def test_filters_narrow_and_facet_counts_match_their_links(client, demo):
    soup = get(client, "/search/", {"q": "django"})
    overall = total(soup)
    assert overall == len(titles(soup)) > 3
    for name in ["type", "tag", "author", "difficulty", "start", "country", "year"]:
        links = facet_links(soup, name)
        assert links, name
        if name == "type":
            assert sum(links.values()) == overall
        for href, count in links.items():
            filtered = get(client, "/search/" + href)
            assert total(filtered) == count <= overall, href
            assert len(titles(filtered)) == count, href
            # Inside the filtered page the counts still describe what is listed.
            assert sum(facet_links(filtered, "type").values()) == count, href


def test_filters_combine(client, demo):
    both = get(client, "/search/", {"q": "django", "type": "tutorial", "difficulty": "beginner"})
    assert set(titles(both)) == {
        "Build a small JSON API with plain Django",
        "Testing your Django API with the built-in test client",
        "Filter and paginate a JSON API with plain Django",
    }
    story = get(client, "/search/", {"q": "django", "type": "story", "country": "KE"})
    assert titles(story) == [TILL]
    none = get(client, "/search/", {"q": "django", "type": "author", "tag": "django"})
    assert total(none) == 0


def test_authors_are_found_by_name_and_filter_by_type(client, demo):
    soup = get(client, "/search/", {"q": "amina", "type": "author"})
    assert titles(soup) == ["Amina Wanjiru"]
    assert soup.select_one(".search-result__kind").text == "Author"
    by_author = get(client, "/search/", {"author": "amina-wanjiru"})
    assert set(titles(by_author)) == {
        TILL,
        "Build a small JSON API with plain Django",
        "Filter and paginate a JSON API with plain Django",
    }


def test_sort_newest_and_pagination_keep_the_filters(client, demo):
    soup = get(client, "/search/", {"q": "django", "sort": "newest", "type": "tutorial"})
    found = titles(soup)
    dates = [ArticlePage.objects.get(title=t).first_published_at for t in found]
    assert dates == sorted(dates, reverse=True)
    assert soup.select_one('.search-sort a[aria-current="true"]').text.strip() == "newest"
    for link in soup.select(".facet a"):
        assert "sort=newest" in link["href"] and "q=django" in link["href"]
