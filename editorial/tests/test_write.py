"""Write: one address, in the site header and on the dashboard, whose three choices open
the right editor; and a site header that shows who is signed in, to them only."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from blog.models import AuthorPage, JourneyStoryPage, TutorialPage
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS
from pagecache import rules

pytestmark = pytest.mark.django_db

WRITE_URL = "/admin/write/"
User = get_user_model()


def member(username, group, *, first_name="Amina", last_name="Diallo"):
    user = User.objects.create_user(
        username, f"{username}@example.com", "pw", first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def indexes():
    return f.story_index(), f.tutorial_index(), f.author_index()


@pytest.fixture
def contributor():
    return member("amina", CONTRIBUTORS)


def header(response):
    return BeautifulSoup(response.content, "html.parser").select_one("header.site-header")


def signed_in_part(response):
    part = header(response).select_one("[data-signed-in]")
    assert part is not None, header(response)
    return {
        "write": part.select_one("a.write-link")["href"],
        "name": part.select_one(".signed-in__name strong").text,
        "my stories": part.find("a", string="My stories")["href"],
        "sign out": (
            part.select_one("form")["action"],
            part.select_one("form")["method"],
            part.select_one("form button").text,
        ),
    }


def test_a_signed_in_contributor_sees_write_their_name_my_stories_and_sign_out(
    client, contributor, indexes
):
    client.force_login(contributor)
    story = f.story(title="A story on the site")
    for path in ("/", story.url, "/search/?q=story", "/tags/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert signed_in_part(response) == {
            "write": WRITE_URL,
            "name": "Amina Diallo",
            "my stories": "/admin/",
            "sign out": ("/admin/logout/", "post", "Sign out"),
        }, path
        assert "Write for us" not in header(response).text
        assert "private" in response["Cache-Control"]


def test_a_reader_sees_write_for_us_and_nobodys_name(client, contributor, indexes):
    story = f.story(title="A story on the site")
    for path in ("/", story.url, "/search/?q=story"):
        part = header(client.get(path))
        assert part.select_one("[data-signed-in]") is None
        assert [a.text for a in part.select("a.write-link")] == ["Write for us"]
        assert "Amina" not in part.text and "Sign out" not in part.text
        assert part.find("a", href=WRITE_URL) is None


def test_the_signed_in_header_never_reaches_a_reader_through_the_page_cache(
    client, contributor, indexes
):
    story = f.story(title="Read by both")
    writer = Client()
    writer.force_login(contributor)
    for path in ("/", story.url):
        # The writer first: their page is not kept, so the reader's first visit renders.
        mine = writer.get(path)
        assert "Amina Diallo" in mine.content.decode()
        assert mine.get("X-Page-Cache") is None, "signed in: the page cache stays out of it"
        first, again = client.get(path), client.get(path)
        assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
        for response in (first, again):
            assert "Amina" not in response.content.decode()
            assert header(response).select_one("[data-signed-in]") is None
        # Now the reader's copy is kept: the writer still gets their own page.
        mine = writer.get(path)
        assert mine.get("X-Page-Cache") is None
        assert signed_in_part(mine)["name"] == "Amina Diallo"


def test_a_page_rendered_for_a_signed_in_user_is_never_kept(rf, contributor):
    """Even without a session cookie (another authentication backend), a response made for
    a signed-in user stays out of the cache."""
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = contributor
    assert not rules.may_keep(request, HttpResponse("Signed in as Amina Diallo"))
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert rules.may_keep(request, HttpResponse("A reader's page"))


def write_links(response):
    page = BeautifulSoup(response.content, "html.parser")
    return {item.a.text.strip(): item.a["href"] for item in page.select(".bj-write-choices li")}


@pytest.mark.parametrize("group", [CONTRIBUTORS, EDITORS])
def test_writes_three_links_open_the_right_editor(client, indexes, group):
    stories, tutorials, _authors = indexes
    client.force_login(member("writer", group))
    response = client.get(WRITE_URL)
    assert response.status_code == 200
    links = write_links(response)
    assert links == {
        "New journey story": f"/admin/pages/add/blog/journeystorypage/{stories.pk}/",
        "New tutorial": f"/admin/pages/add/blog/tutorialpage/{tutorials.pk}/",
        "Import a file": reverse("importer_upload"),
    }
    for label, model, parent in (
        ("New journey story", JourneyStoryPage, stories),
        ("New tutorial", TutorialPage, tutorials),
    ):
        editor = client.get(links[label])
        assert editor.status_code == 200, label
        assert editor.context["page_class"] is model
        assert editor.context["parent_page"].pk == parent.pk
    upload = client.get(links["Import a file"])
    assert upload.status_code == 200
    assert "importer/admin/upload.html" in [t.name for t in upload.templates]


def test_the_dashboard_has_write_with_the_same_links(client, contributor, indexes):
    client.force_login(contributor)
    dashboard = client.get("/admin/")
    panel = BeautifulSoup(dashboard.content, "html.parser").select_one("#bj-write-heading")
    assert panel is not None and panel.text == "Write"
    assert write_links(dashboard) == write_links(client.get(WRITE_URL))
    assert b'"Write"' in dashboard.content or b"&quot;Write&quot;" in dashboard.content  # menu


def test_write_sends_a_signed_out_visitor_to_log_in_and_back(client, indexes):
    response = client.get(WRITE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={WRITE_URL}"


def test_a_contributor_cannot_reach_a_create_view_they_may_not_use(client, contributor, indexes):
    _stories, _tutorials, authors = indexes
    client.force_login(contributor)
    home = f.home_page()
    pages_before = list(AuthorPage.objects.values_list("pk", flat=True))
    for path in (
        f"/admin/pages/add/blog/authorpage/{authors.pk}/",
        f"/admin/pages/add/blog/storyindexpage/{home.pk}/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert "page_class" not in (response.context or {}), path
    refused = client.post(
        f"/admin/pages/add/blog/authorpage/{authors.pk}/",
        {"title": "Someone else", "slug": "someone-else"},
    )
    assert refused.status_code in (302, 403)
    assert list(AuthorPage.objects.values_list("pk", flat=True)) == pages_before
    assert not Page.objects.filter(slug="someone-else").exists()


def test_a_signed_in_writer_who_opens_write_for_us_is_sent_to_write(client, contributor):
    client.force_login(contributor)
    response = client.get("/write-for-us/")
    assert response.status_code == 302
    assert response["Location"] == WRITE_URL
    client.logout()
    assert client.get("/write-for-us/").status_code == 200
