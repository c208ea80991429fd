"""What staging changes: a banner on every page, noindex on every answer, a robots.txt that
disallows everything; and nothing of it elsewhere."""

import pytest


@pytest.fixture
def staging(settings):
    settings.SITE_BANNER = "Staging: <b>not</b> the live site"
    settings.SITE_NOINDEX = True


@pytest.mark.django_db
def test_the_banner_is_on_every_page_escaped(client, staging):
    for path in ("/", "/search/?q=django", "/no-such-page/"):
        html = client.get(path).content.decode()
        assert (
            '<p class="site-banner" role="note">Staging: &lt;b&gt;not&lt;/b&gt; the live site</p>'
            in html
        ), path


@pytest.mark.django_db
def test_noindex_on_every_answer_the_page_caches_too(client, staging):
    for path in ("/", "/", "/robots.txt", "/no-such-page/", "/static/css/site.css"):
        assert client.get(path)["X-Robots-Tag"] == "noindex, nofollow", path


def test_robots_txt_disallows_everything(client, staging):
    response = client.get("/robots.txt")
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"


@pytest.mark.django_db
def test_none_of_it_elsewhere(client):
    response = client.get("/")
    assert "site-banner" not in response.content.decode()
    assert "X-Robots-Tag" not in response
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Disallow: /\n" not in robots
