"""Search only ever sees what readers may see: drafts, pages in review, unpublished, private
(on the page or an ancestor), expired and deleted pages never appear in results,
suggestions, facet counts, promoted results or the most searched list, and a page is
findable right after it is published."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction, Workflow

from blog.models import StoryIndexPage
from blog.tests import factories as f
from editorial.roles import WORKFLOW_NAME
from search import selectors

pytestmark = pytest.mark.django_db

SHARED = "lighthouse"


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        "titles": [link.text for link in soup.select(".search-result__title a")],
        "facets": soup.select_one(".search-filters").text
        if soup.select_one(".search-filters")
        else "",
        "counts": {
            (facet["data-facet"], link["href"].rsplit("=", 1)[-1]): int(
                link.select_one(".facet__count").contents[0]
            )
            for facet in soup.select(".facet")
            for link in facet.select("a")
        },
        "html": response.content.decode(),
    }


def suggested(client, text):
    response = client.get("/search/suggest/", {"q": text})
    assert response.status_code == 200
    return [item["label"] for item in json.loads(response.content)["suggestions"]]


def assert_hidden(client, page, word, tag):
    """Neither the page's unique word, title, nor its unique tag reaches a reader."""
    found = results(client, q=word)
    assert found["titles"] == [], word
    assert page.title not in found["html"]
    shared = results(client, q=SHARED)
    assert page.title not in shared["titles"]
    assert tag not in shared["facets"]
    # Nor is it counted: every page ``make`` makes has the tag "shared", the starting point
    # and the country, so each of those counts is the number of them listed.
    keepers = len([title for title in shared["titles"] if title.startswith("Keeper ")])
    for value in [("tag", "shared"), ("start", "lighthouse+keeper"), ("country", "IS")]:
        assert shared["counts"].get(value, 0) == keepers, value
    types = sum(n for (name, _), n in shared["counts"].items() if name == "type")
    assert types == len(shared["titles"])
    assert page.title not in suggested(client, page.title[:6])
    assert all(tag not in label for label in suggested(client, tag[:4]))
    assert results(client, tag=tag)["titles"] == []


def assert_found(client, page, word):
    assert page.title in results(client, q=word)["titles"]


def make(word, tag, **fields):
    return f.story(
        title=f"Keeper {word.title()}", body=f"A {SHARED} keeper writes about {word}.",
        tags=[tag, "shared"], starting_point="lighthouse keeper", country="IS", **fields,
    )  # fmt: skip


@pytest.fixture
def visible_neighbour():
    return make("harbourmaster", "visible-tag")


def test_a_published_page_is_findable_at_once(client, visible_neighbour):
    assert_found(client, visible_neighbour, "harbourmaster")
    assert "Keeper Harbourmaster" in suggested(client, "Keeper Harb")
    assert "visible-tag" in results(client, q=SHARED)["facets"]


def test_drafts_never_appear(client, visible_neighbour):
    draft = make("quokkadraft", "draft-only-tag", live=False)
    assert_hidden(client, draft, "quokkadraft", "draft-only-tag")
    # Publishing it makes it findable straight away.
    f.publish(draft)
    assert_found(client, draft, "quokkadraft")


def test_pages_in_review_never_appear(client, visible_neighbour):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw-0123456789")
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    in_review = make("reviewword", "review-only-tag", live=False)
    workflow.start(in_review, editor)
    assert_hidden(client, in_review, "reviewword", "review-only-tag")

    # A live page whose next revision is in review: readers find the live text only.
    live = make("liveword", "live-tag")
    live.body = "Rewritten with pendingword in it."
    live.save_revision(user=editor)
    workflow.start(live, editor)
    assert_found(client, live, "liveword")
    assert results(client, q="pendingword")["titles"] == []


def test_unpublished_pages_disappear(client, visible_neighbour):
    page = make("unpubword", "unpublished-tag")
    assert_found(client, page, "unpubword")
    page.unpublish()
    assert_hidden(client, page, "unpubword", "unpublished-tag")


def test_private_pages_disappear(client, visible_neighbour):
    page = make("privateword", "private-tag")
    assert_found(client, page, "privateword")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert_hidden(client, page, "privateword", "private-tag")


def test_pages_moved_into_a_private_section_disappear(client):
    tutorial = f.tutorial(title="Tutorial Stays", body=f"{SHARED} tutorial")
    story = make("sectionword", "section-tag")
    assert_found(client, story, "sectionword")
    PageViewRestriction.objects.create(page=f.story_index(), restriction_type="login")
    assert_hidden(client, story, "sectionword", "section-tag")
    assert results(client, q=SHARED)["titles"] == [tutorial.title]


def test_pages_moved_under_a_private_page_disappear(client, visible_neighbour):
    page = make("movedword", "moved-tag")
    assert_found(client, page, "movedword")
    assert "Keeper Movedword" in suggested(client, "Keeper Mov")
    members = f.home_page().add_child(instance=StoryIndexPage(title="Members", slug="members"))
    f.publish(members)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    page.move(members, pos="last-child")
    assert_hidden(client, page, "movedword", "moved-tag")
    assert results(client, q=SHARED)["titles"] == [visible_neighbour.title]


def test_deleted_pages_disappear_and_leave_the_index(client, visible_neighbour):
    page = make("deletedword", "deleted-tag")
    assert_found(client, page, "deletedword")
    page.delete()
    assert_hidden(client, page, "deletedword", "deleted-tag")


def test_expired_pages_disappear(client, visible_neighbour):
    page = make("expiredword", "expired-tag")
    type(page).objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert_hidden(client, page, "expiredword", "expired-tag")


def test_draft_authors_are_not_found_nor_offered_as_a_filter(client):
    hidden = f.author(name="Zaphod Hiddenname", live=False)
    f.story(title="Byline story", authors=[hidden], body=SHARED)
    assert results(client, q="hiddenname", type="author")["titles"] == []
    assert "Zaphod" not in results(client, q=SHARED)["facets"]
    assert "Zaphod Hiddenname" not in suggested(client, "Zaph")


def test_the_most_searched_list_never_holds_a_drafts_words(client, visible_neighbour):
    make("secretword", "secret-tag", live=False)
    for _ in range(3):
        client.get("/search/", {"q": "secretword"})
        client.get("/search/", {"q": "Keeper Secretword"})
    client.get("/search/", {"q": "harbourmaster"})
    recorded = set(Query.objects.values_list("query_string", flat=True))
    assert recorded == {"harbourmaster"}
    assert selectors.popular_queries() == ["harbourmaster"]
    landing = client.get("/search/").content.decode()
    assert "harbourmaster" in landing and "secretword" not in landing.lower()


def test_the_most_searched_list_drops_queries_that_no_longer_find_anything(client):
    page = make("fleetingword", "fleeting-tag")
    client.get("/search/", {"q": "fleetingword"})
    assert selectors.popular_queries() == ["fleetingword"]
    page.unpublish()
    assert selectors.popular_queries() == []
    assert "fleetingword" not in client.get("/search/").content.decode()


def test_admin_search_terms_report_never_holds_a_drafts_words(
    client, admin_client, visible_neighbour
):
    make("adminsecret", "admin-secret-tag", live=False)
    client.get("/search/", {"q": "adminsecret"})
    client.get("/search/", {"q": "harbourmaster"})
    report = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert report.status_code == 200
    assert "harbourmaster" in report.content.decode()
    assert "adminsecret" not in report.content.decode()


def test_promoted_results_never_point_at_pages_readers_cannot_see(client, visible_neighbour):
    draft = make("promodraft", "promo-tag", live=False)
    query = Query.get(SHARED)
    SearchPromotion.objects.create(query=query, page=draft, sort_order=0)
    SearchPromotion.objects.create(query=query, page=visible_neighbour, sort_order=1)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/guide",
        external_link_text="A guide elsewhere", sort_order=2,
    )  # fmt: skip
    soup = BeautifulSoup(client.get("/search/", {"q": SHARED}).content, "html.parser")
    picks = [link.text for link in soup.select(".search-promoted a")]
    assert picks == ["Keeper Harbourmaster", "A guide elsewhere"]
    assert "Keeper Promodraft" not in soup.text
