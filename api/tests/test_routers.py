"""The reader endpoints: what they show, how they filter, what they never show, how they
answer bad parameters, and what a listing costs."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.tests import factories as f

from .conftest import HIDDEN_KINDS, body

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in body(response)["items"]]


def test_story_listing_has_the_fields_a_card_needs(api, world):
    response = api.get("/stories/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    listing = body(response)
    assert listing["count"] == 2
    story = next(item for item in listing["items"] if item["id"] == world.story.pk)
    assert story["type"] == "story"
    assert story["title"] == "From the till to Django"
    assert story["slug"] == "till-to-django"
    assert story["url"].endswith("/journeys/till-to-django/")
    assert story["detail_url"] == f"http://testserver/api/v3/stories/{world.story.pk}/"
    assert story["summary"] == world.story.summary
    assert story["reading_minutes"] == 1
    assert story["first_published_at"] and story["last_published_at"]
    assert story["display_date"] == world.story.display_date.isoformat()
    assert story["original_published_at"] is None
    assert story["canonical_url"] is None
    assert story["tags"] == [
        {"name": "Career Change", "slug": "career-change"},
        {"name": "django", "slug": "django"},
    ]
    assert story["starting_point"] == "retail cashier"
    assert story["country"] == {"code": "KE", "name": "Kenya"}
    assert story["city"] == "Nairobi"
    assert story["journey_started_year"] == 2019
    assert "body_html" not in story


def test_bylines_link_only_published_profiles(api, world):
    story = body(api.get(f"/stories/{world.story.pk}/"))
    assert story["authors"] == [
        {
            "name": "Ann Wanjiru",
            "id": world.ann.pk,
            "slug": "ann",
            "url": world.ann.get_full_url(),
        },
        # A byline's unpublished profile keeps its name, as on the page, and nothing else.
        {"name": "Dee Draft", "id": None, "slug": None, "url": None},
    ]


def test_covers_come_as_fixed_renditions_with_their_size(api, world):
    cover = body(api.get(f"/stories/{world.story.pk}/"))["cover"]
    assert cover["alt"] == ""
    assert set(cover["renditions"]) == {"fill-640x360", "width-1200"}
    card, large = cover["renditions"]["fill-640x360"], cover["renditions"]["width-1200"]
    assert (card["width"], card["height"]) == (640, 360)
    assert (large["width"], large["height"]) == (1200, 675)
    assert card["url"].startswith("http://testserver/")
    assert card["url"].endswith(".fill-640x360.png")
    assert body(api.get(f"/stories/{world.other_story.pk}/"))["cover"] is None


def test_story_detail_adds_body_contents_and_timeline(api, world):
    story = body(api.get(f"/stories/{world.story.pk}/"))
    assert story["body_html"] == world.story.body_html
    assert "<em>loop</em>" in story["body_html"]
    assert story["toc"] == [
        {
            "id": "first-steps",
            "name": "First steps",
            "level": 2,
            "children": [{"id": "at-night", "name": "At night", "level": 3, "children": []}],
        }
    ]
    assert story["milestones"] == [
        {"year": 2019, "text": "Wrote my first loop"},
        {"year": 2021, "text": "First backend job"},
    ]


def test_tutorials_have_their_own_fields(api, world):
    listing = body(api.get("/tutorials/"))
    assert listing["count"] == 2
    tutorial = next(item for item in listing["items"] if item["id"] == world.tutorial.pk)
    assert tutorial["type"] == "tutorial"
    assert tutorial["difficulty"] == "beginner"
    assert tutorial["estimated_minutes"] == 45
    assert tutorial["prerequisites"] == ["Python basics", "A terminal"]
    assert tutorial["series"] == {
        "title": "Django from zero",
        "slug": "django-from-zero",
        "position": 1,
    }
    assert [a["name"] for a in tutorial["authors"]] == ["Ann Wanjiru", "Ben Okoro"]
    detail = body(api.get(f"/tutorials/{world.tutorial.pk}/"))
    assert detail["body_html"] == world.tutorial.body_html
    assert detail["toc"][0]["level"] == 2
    assert "milestones" not in detail


def test_authors_have_profile_avatar_and_links(api, world):
    listing = body(api.get("/authors/"))
    assert [item["name"] for item in listing["items"]] == ["Ann Wanjiru", "Ben Okoro"]
    ann = body(api.get(f"/authors/{world.ann.pk}/"))
    assert ann["slug"] == "ann"
    assert ann["url"] == world.ann.get_full_url()
    assert ann["location"] == "Nairobi"
    assert ann["bio_html"] == "<p>Ex-cashier, now <em>Django</em>.</p>"
    assert set(ann["avatar"]["renditions"]) == {"fill-160x160"}
    assert ann["avatar"]["renditions"]["fill-160x160"]["width"] == 160
    assert ann["links"] == []
    assert body(api.get(f"/authors/{world.ben.pk}/"))["avatar"] is None


def test_articles_list_both_types_newest_first_and_filter_by_type(api, world):
    everything = body(api.get("/articles/"))
    assert everything["count"] == 4
    assert {item["type"] for item in everything["items"]} == {"story", "tutorial"}
    dates = [item["first_published_at"] for item in everything["items"]]
    assert dates == sorted(dates, reverse=True)
    assert set(titles(api.get("/articles/?type=story"))) == {
        "From the till to Django",
        "Frontend to backend",
    }
    tutorials = body(api.get("/articles/?type=tutorial"))["items"]
    assert {item["title"] for item in tutorials} == {
        "Your first Django model",
        "Advanced querysets",
    }
    assert tutorials[0]["detail_url"].startswith("http://testserver/api/v3/tutorials/")


FILTERED = [
    ("/articles/?tag=django", {"From the till to Django", "Your first Django model",
                               "Advanced querysets"}),
    ("/articles/?author=ben", {"Frontend to backend", "Your first Django model",
                               "Advanced querysets"}),
    ("/articles/?tag=django&author=ben", {"Your first Django model", "Advanced querysets"}),
    ("/articles/?tag=django&author=ben&type=tutorial&search=querysets", {"Advanced querysets"}),
    # Search reads titles, summaries, bodies, tags and bylines.
    ("/articles/?search=django", {"From the till to Django", "Your first Django model",
                                  "Advanced querysets"}),
    ("/articles/?search=wanjiru", {"From the till to Django", "Your first Django model"}),
    ("/articles/?search=django&type=story", {"From the till to Django"}),
    ("/articles/?search=django&author=ben", {"Your first Django model", "Advanced querysets"}),
    ("/articles/?tag=career-change", {"From the till to Django"}),
    ("/stories/?tag=django", {"From the till to Django"}),
    ("/stories/?author=ann", {"From the till to Django"}),
    ("/stories/?country=ng", {"Frontend to backend"}),
    ("/stories/?search=frontend&country=NG", {"Frontend to backend"}),
    ("/stories/?search=frontend&country=KE", set()),
    ("/tutorials/?difficulty=advanced", {"Advanced querysets"}),
    ("/tutorials/?series=django-from-zero", {"Your first Django model"}),
    ("/tutorials/?tag=orm&author=ben&difficulty=advanced", {"Advanced querysets"}),
    ("/tutorials/?author=ann&difficulty=advanced", set()),
    ("/authors/?search=okoro", {"Ben Okoro"}),
    ("/authors/?search=draft", set()),
]  # fmt: skip


def test_filters_and_search_combine(api, world):
    for query, expected in FILTERED:
        listing = body(api.get(query))
        found = {item.get("title") or item.get("name") for item in listing["items"]}
        assert (found, listing["count"]) == (expected, len(expected)), query


SEARCH_SYNTAX = [
    '"', '"django', 'dja"ngo', "'django", "django*", "(django", "NOT django",
    "-django", "django OR", "title:django", "NEAR(django till)", "\\", "^",
]  # fmt: skip


def test_search_takes_words_and_never_parses_query_syntax(api, world):
    """Quotes, brackets and operators only separate words, on every search of the API
    (an unmatched quote is a syntax error to SQLite's full-text search)."""
    for text in SEARCH_SYNTAX:
        words = "".join(c if c.isalnum() else " " for c in text).split()
        stories = body(api.get(f"/stories/?search={quote(text)}"))
        if words == ["django"]:
            assert [i["title"] for i in stories["items"]] == ["From the till to Django"], text
        elif not words:  # nothing to search for: the whole listing
            assert stories["count"] == 2, text
        for path in ["/articles/", "/tutorials/", "/authors/", "/pages/"]:
            assert api.get(f"{path}?search={quote(text)}").status_code == 200, (path, text)


def test_search_ranks_the_best_match_first(api, world):
    f.story(title="Queues", body="Django mentioned once, in passing.", authors=[world.ben])
    assert titles(api.get("/stories/?search=django"))[0] == "From the till to Django"


def test_limit_and_offset_page_through_with_a_total(api, world):
    first = body(api.get("/articles/?limit=3"))
    second = body(api.get("/articles/?limit=3&offset=3"))
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    past_the_end = body(api.get("/articles/?offset=40"))
    assert past_the_end == {"count": 4, "items": []}


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_hidden_stories_never_appear_and_their_ids_answer_404(api, world, kind):
    hidden = world.hidden[kind]
    for listing in ["/stories/", "/articles/", "/stories/?tag=django", "/articles/?author=ann",
                    "/stories/?search=hidden", "/articles/?search=hidden&type=story",
                    "/stories/?limit=50"]:  # fmt: skip
        assert hidden.pk not in [item["id"] for item in body(api.get(listing))["items"]], listing
    response = api.get(f"/stories/{hidden.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert body(response)["detail"] == f"No journey story with the id {hidden.pk}."


def listed_ids(api, path):
    return [item["id"] for item in body(api.get(path))["items"]]


def test_an_unpublished_story_disappears_from_every_listing(api, world):
    story = world.story
    readers_see = ["/stories/", "/articles/", "/articles/?tag=django", "/stories/?author=ann",
                   "/stories/?search=till", "/pages/?type=blog.JourneyStoryPage"]  # fmt: skip
    assert all(story.pk in listed_ids(api, path) for path in readers_see)
    story.unpublish()
    for path in readers_see:
        assert story.pk not in listed_ids(api, path), path
    for path in [f"/stories/{story.pk}/", f"/pages/{story.pk}/"]:
        assert api.get(path).status_code == 404, path


def test_a_live_storys_unpublished_changes_stay_unseen(api, world):
    story = world.story
    published = (story.title, story.summary)
    story.title = "Draft title nobody may read"
    story.summary = "Draft summary"
    story.save_revision()
    for path in [f"/stories/{story.pk}/", f"/pages/{story.pk}/",
                 f"/pages/{story.pk}/?version=draft"]:  # fmt: skip
        shown = body(api.get(path))
        assert (shown["title"], shown["summary"]) == published, path
    assert "Draft title nobody may read" not in api.get("/articles/?search=nobody").content.decode()


def test_a_draft_tutorial_and_a_draft_author_answer_404(api, world):
    assert api.get(f"/tutorials/{world.hidden['draft_tutorial'].pk}/").status_code == 404
    assert api.get(f"/authors/{world.dee.pk}/").status_code == 404
    assert "Dee Draft" not in [a["name"] for a in body(api.get("/authors/"))["items"]]
    # Nor may a reader filter by an unpublished profile: it is as unknown as a typo.
    assert api.get("/articles/?author=dee").status_code == 400


def test_a_tag_only_hidden_pieces_carry_is_as_unknown_as_a_typo(api, world):
    for kind, page in world.hidden.items():
        page.tags.add(f"only-{kind}")
        page.save()
    for slug in [f"only-{kind}" for kind in world.hidden]:
        for path in ["/articles/", "/stories/", "/tutorials/"]:
            response = api.get(f"{path}?tag={slug}")
            assert response.status_code == 400, (path, slug, response.content)
            assert body(response)["detail"] == f"No tag with the slug '{slug}'."
    # A tag readers can see answers everywhere, if with nothing of that type.
    assert body(api.get("/tutorials/?tag=frontend")) == {"count": 0, "items": []}
    assert titles(api.get("/stories/?tag=frontend")) == ["Frontend to backend"]


def test_ids_of_other_types_answer_404(api, world):
    assert api.get(f"/stories/{world.tutorial.pk}/").status_code == 404
    assert api.get(f"/tutorials/{world.story.pk}/").status_code == 404
    assert api.get(f"/authors/{world.story.pk}/").status_code == 404


def test_an_editor_with_a_session_or_a_token_still_sees_what_readers_see(
    client, api_as, people, world
):
    client.force_login(people.editor)
    assert world.hidden["draft"].pk not in [
        i["id"] for i in body(client.get("/api/v3/stories/"))["items"]
    ]
    assert client.get(f"/api/v3/stories/{world.hidden['draft'].pk}/").status_code == 404
    editor = api_as("editor")
    assert editor.get(f"/stories/{world.hidden['expired'].pk}/").status_code == 404
    assert body(editor.get("/stories/"))["count"] == 2


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("/stories/?limit=-1", 422, "greater than or equal to 1"),
        ("/stories/?limit=0", 422, "greater than or equal to 1"),
        ("/stories/?limit=abc", 422, "valid integer"),
        ("/stories/?limit=51", 422, "less than or equal to 50"),
        ("/stories/?offset=-1", 422, "greater than or equal to 0"),
        ("/stories/?offset=100000000000000000000000000000", 422, "less than or equal to 100000"),
        ("/articles/?type=poem", 422, "'story' or 'tutorial'"),
        ("/tutorials/?difficulty=easy", 422, "'beginner', 'intermediate' or 'advanced'"),
        ("/stories/?country=Kenya", 422, "should match pattern"),
        ("/stories/?tag=no%20spaces", 422, "should match pattern"),
        ("/stories/?search=" + "x" * 201, 422, "at most 200 characters"),
        ("/stories/?tag=unknown", 400, "No tag with the slug 'unknown'."),
        ("/articles/?author=nobody", 400, "No author with the slug 'nobody'."),
        ("/tutorials/?series=nothing", 400, "No tutorial series with the slug 'nothing'."),
        ("/stories/?search=a%00b", 400, "NUL characters"),
        ("/stories/0/", 422, "greater than or equal to 1"),
        ("/stories/abc/", 422, "valid integer"),
        ("/tutorials/99999999999999999999/", 422, "less than or equal to 2147483647"),
        ("/authors/123456/", 404, "No author with the id 123456."),
    ],
)
def test_bad_parameters_answer_4xx_with_a_message(api, query, status, message):
    response = api.get(query)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert message in response.content.decode()
    problem = body(response)
    assert problem["status"] == status
    assert problem["detail"]


def test_reader_endpoints_refuse_writes(api, world):
    for method in ("post", "patch", "delete"):
        assert getattr(api, method)(f"/stories/{world.story.pk}/").status_code == 405
    assert api.post("/stories/").status_code == 405


def add_content(count, authors, series):
    for n in range(count):
        byline = [authors[n % len(authors)], authors[(n + 1) % len(authors)]]
        tags = ["shared", f"topic-{n % 4}", f"extra-{n % 7}"]
        f.story(authors=byline, tags=tags, cover_image=f.image(), title=f"Shared story {n}")
        f.tutorial(
            authors=byline, tags=tags, cover_image=f.image(), series=series,
            series_position=n + 1, title=f"Shared tutorial {n}",
        )  # fmt: skip


def count_queries(client, url):
    client.get(url)  # the first request makes the renditions; readers after it make none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


LISTINGS = [
    "/api/v3/stories/?limit=50",
    "/api/v3/tutorials/?limit=50",
    "/api/v3/articles/?limit=50",
    "/api/v3/articles/?limit=50&tag=shared&author=author-a",
    "/api/v3/articles/?limit=50&search=shared",
    "/api/v3/authors/?limit=50",
]
# A ceiling as well, so a listing cannot quietly grow expensive at any size.
MAX_QUERIES = 16


def test_listings_cost_the_same_with_5_or_25_items(client, django_assert_max_num_queries):
    authors = [f.author(avatar=f.image(), slug="author-a")]
    authors += [f.author(avatar=f.image()) for _ in range(4)]
    series = f.series()
    add_content(5, authors, series)
    small = {url: count_queries(client, url) for url in LISTINGS}
    listed = body(client.get(LISTINGS[0]))["count"]  # the module's shared stories too
    for _ in range(4):
        authors.append(f.author(avatar=f.image()))
    add_content(20, authors, series)
    for url in LISTINGS:
        assert count_queries(client, url) == small[url], url
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200
    assert body(client.get(LISTINGS[0]))["count"] == listed + 20


def test_a_missing_image_file_drops_the_cover_not_the_listing(api, world):
    # A cover of its own: files are not rolled back, and the module's tests share the world.
    cover = f.image(size=(1600, 900))
    world.story.cover_image = cover
    world.story.save_revision().publish()
    api.get("/stories/")  # its renditions made while the file is there
    cover.file.storage.delete(cover.file.name)
    cover.renditions.all().delete()
    response = api.get("/stories/")
    assert response.status_code == 200
    story = next(i for i in body(response)["items"] if i["id"] == world.story.pk)
    assert story["cover"] is None
