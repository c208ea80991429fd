"""Every reader and admin page, and the API's docs, send the Content-Security-Policy: scripts
only from our files or with the response's nonce, images from here and our media hosts, no
plugins or <base>, forms posting here, framing only where Wagtail's preview needs it."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from blog.tests import factories as f
from contentsecurity.middleware import ContentSecurityPolicyMiddleware
from editorial.roles import CONTRIBUTORS, EDITORS

from .policy import allows_image, policy_of

pytestmark = pytest.mark.django_db

# What every page gets, whatever it shows.
SITE_POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "report-uri": ["/csp-report/"],
}
NONCE = re.compile(r"'nonce-[A-Za-z0-9+/]{22}=='")


def assert_site_policy(response, *, frame_ancestors="'none'"):
    policy = policy_of(response)
    for directive, sources in SITE_POLICY.items():
        assert policy[directive] == sources, (directive, policy[directive])
    # Our own files, plus this response's nonce when the page has an inline script.
    assert policy["script-src"][0] == "'self'"
    assert all(NONCE.fullmatch(source) for source in policy["script-src"][1:])
    assert policy["frame-ancestors"] == [frame_ancestors]
    return policy


def user(role):
    person = get_user_model().objects.create_user(role, f"{role}@example.com", "pw")
    person.groups.add(Group.objects.get(name=EDITORS if role == "editor" else CONTRIBUTORS))
    return person


@pytest.fixture
def reader_pages():
    author = f.author(name="Amina Wanjiru", avatar=f.image())
    story = f.story(
        title="From the till to Django", authors=[author], tags=["django"],
        cover_image=f.image(), body="![cat](https://elsewhere.example/cat.png)",
    )  # fmt: skip
    tutorial = f.tutorial(
        title="Indexes that help", authors=[author], series=f.series(), series_position=1
    )
    return [
        "/", "/journeys/", story.url, "/tutorials/", tutorial.url, "/authors/", author.url,
        "/tags/", "/tags/django/", "/search/", "/search/?q=django", "/write-for-us/",
    ]  # fmt: skip


def test_every_reader_page_sends_the_policy(client, reader_pages):
    for url in reader_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)


def test_a_missing_page_and_the_api_docs_send_it_too(client):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_site_policy(missing)
    for url in ["/api/v3/docs/", "/api/v3/openapi.json"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)


def test_reader_pages_only_show_images_the_policy_allows(client, reader_pages):
    for url in reader_pages:
        response = client.get(url)
        policy = policy_of(response)
        page = BeautifulSoup(response.content, "html.parser")
        sources = [img["src"] for img in page.select("img[src]")]
        for tag in page.select("[srcset]"):
            sources += [candidate.split()[0] for candidate in tag["srcset"].split(",")]
        for src in sources:
            assert allows_image(policy, src), (url, src)
    # The story's picture from elsewhere is a link, not an image.
    story = BeautifulSoup(client.get(reader_pages[2]).content, "html.parser")
    link = story.select_one('.prose a[href="https://elsewhere.example/cat.png"]')
    assert link.text == "Image: cat"


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_admin_pages_send_the_policy(client, role):
    person = user(role)
    story = f.story(title="Mine", live=False, owner=person)
    client.force_login(person)
    index = f.story_index()
    urls = [
        "/admin/",
        reverse("wagtailadmin_pages:add", args=["blog", "journeystorypage", index.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailadmin_pages:history", args=[story.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)


def test_the_login_page_sends_the_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert_site_policy(response)


def test_only_wagtails_previews_may_be_framed_and_only_by_us(client):
    editor = user("editor")
    story = f.story(title="Draft in review", live=False, owner=editor)
    client.force_login(editor)

    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))

    assert draft.status_code == editor_page.status_code == 200
    assert_site_policy(draft, frame_ancestors="'self'")
    assert_site_policy(editor_page, frame_ancestors="'none'")


def test_the_image_editor_allows_jcrops_touch_test_and_no_other_handler(client):
    editor = user("editor")
    editor.user_permissions.add(*Group.objects.get(name=EDITORS).permissions.all())
    client.force_login(editor)
    image = f.image()

    response = client.get(reverse("wagtailimages:edit", args=[image.pk]))
    reader = client.get("/")

    assert response.status_code == 200
    assert b"jquery.Jcrop" in response.content
    assert assert_site_policy(response)["script-src-attr"] == [
        "'unsafe-hashes'", "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"
    ]  # fmt: skip
    assert "script-src-attr" not in policy_of(reader)


@pytest.mark.parametrize("view", ["add", "edit"])
def test_an_inline_script_carries_this_responses_nonce(admin_client, view):
    """Wagtail's promoted-results forms keep an inline script, with the nonce."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("django")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://www.djangoproject.com/", external_link_text="Django"
    )
    args = [query.pk] if view == "edit" else []
    url = reverse(f"wagtailsearchpromotions:{view}", args=args)
    nonces = []
    for _ in range(2):
        response = admin_client.get(url)
        assert response.status_code == 200
        [nonce] = assert_site_policy(response)["script-src"][1:]
        inline = [
            script
            for script in BeautifulSoup(response.content, "html.parser").select("script")
            if not script.get("src") and script.get("type") != "application/json"
        ]
        assert inline
        assert {f"'nonce-{script.get('nonce')}'" for script in inline} == {nonce}
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


S3_MEDIA = {
    "bucket_name": "journeys-media",
    "region_name": "eu-west-1",
    "endpoint_url": "https://objects.example.net",
}


def test_images_may_come_from_the_media_hosts_in_the_settings(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "uploads.storage.MediaS3Storage", "OPTIONS": S3_MEDIA},
        "renditions": {
            "BACKEND": "uploads.storage.MediaS3Storage",
            "OPTIONS": {**S3_MEDIA, "custom_domain": "media.example.org", "location": "public"},
        },
    }

    policy = policy_of(client.get("/write-for-us/"))

    assert policy["img-src"] == [
        "'self'", "data:", "blob:",
        "https://objects.example.net/journeys-media/", "https://media.example.org/public/",
    ]  # fmt: skip


def test_scripts_and_styles_may_come_from_the_static_files_host(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "storages.backends.s3.S3ManifestStaticStorage",
            "OPTIONS": {
                **S3_MEDIA, "custom_domain": "media.example.org", "location": "public/static",
            },
        },
    }  # fmt: skip

    # Through the middleware alone: there is no bucket here to read the manifest from.
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("A page"))
    policy = policy_of(middleware(RequestFactory().get("/")))

    for directive in ["default-src", "script-src", "style-src", "img-src"]:
        assert "https://media.example.org/public/static/" in policy[directive], directive
    assert policy["script-src"] == ["'self'", "https://media.example.org/public/static/"]


def test_a_static_url_on_another_host_is_allowed_too(client, settings):
    settings.STATIC_URL = "https://static.example.org/assets/"
    policy = policy_of(client.get("/write-for-us/"))
    assert policy["style-src"] == ["'self'", "https://static.example.org/assets/"]


def test_the_server_error_page_is_styled_within_the_policy(client):
    # Rendered with no context, nonce included: it links a stylesheet instead of inline style.
    from django.template.loader import render_to_string

    page = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert not page.select("[style], style, script")
    (stylesheet,) = page.select('link[rel="stylesheet"]')
    response = client.get(stylesheet["href"])
    assert response.status_code == 200
    assert b"font-family" in b"".join(response.streaming_content)
