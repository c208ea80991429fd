"""The site's own pages (About, Code of conduct): Markdown rendered and sanitised, linked from
every page's footer while readers may see them, and created by editors only."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS, EDITORS
from home.models import InfoPage

pytestmark = pytest.mark.django_db


def info_page(*, title="About us", slug="about", body="We **write**.", live=True):
    page = InfoPage(title=title, slug=slug, body=body, live=live)
    f.home_page().add_child(instance=page)
    if live:
        f.publish(page)
    else:
        page.save_revision()
    return page


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def footer_links(soup):
    return {link.text: link["href"] for link in soup.select(".site-footer a")}


def user_in(group, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_an_info_page_shows_its_markdown_sanitised(client):
    hostile = "<script>alert(1)</script>[x](javascript:alert(1))"
    page = info_page(body=f"## Why\n\nWe **write**.\n\n{hostile}")
    soup = soup_of(client, page.url)
    assert soup.select_one("main h1").text == "About us"
    prose = soup.select_one("main .prose")
    assert prose.select_one("h2").text == "Why"
    assert prose.select_one("strong").text == "write"
    assert "<script>alert" not in str(prose) and "javascript:" not in str(prose)


def test_the_footer_links_the_sites_pages_feeds_write_for_us_and_tags(client):
    info_page(title="About Backend Journeys", slug="about")
    info_page(title="Code of conduct", slug="code-of-conduct")
    info_page(title="Unfinished page", slug="unfinished", live=False)
    story = f.story(title="A story")
    for url in ["/", story.url, "/tags/", "/search/?q=story"]:  # Wagtail's pages and views
        links = footer_links(soup_of(client, url))
        assert links["About Backend Journeys"] == "/about/", url
        assert links["Code of conduct"] == "/code-of-conduct/", url
        assert "Unfinished page" not in links, url  # a draft is never public
        assert links["Write for us"] == reverse("accounts:signup")
        assert links["All tags"] == "/tags/"
        feeds = {reverse(f"blog:feed_{kind}", kwargs={"scope": "all"}) for kind in ("rss", "atom")}
        assert feeds <= set(links.values()), url
    assert client.get("/unfinished/").status_code == 404


def test_contributors_cannot_create_info_pages_and_editors_can(client):
    home = f.home_page()
    add = reverse("wagtailadmin_pages:add", args=["home", "infopage", home.pk])
    client.force_login(user_in(CONTRIBUTORS, "writer"))
    response = client.get(add, follow=True)
    assert b"Only editors can create" in response.content
    client.post(add, {"title": "Rules", "slug": "rules", "body": "Mine."})
    assert not InfoPage.objects.filter(slug="rules").exists()

    client.force_login(user_in(EDITORS, "editor"))
    response = client.get(add)
    assert response.status_code == 200
    assert b'name="body"' in response.content
