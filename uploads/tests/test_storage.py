"""With S3 configured, against moto's real S3 API: uploads land in the private bucket,
renditions in the public prefix, pages link to the bucket or the CDN (and the
Content-Security-Policy lets the browser load them from there, and from no other bucket),
documents stay private, deleting an image removes its files, and a listing asks the store
nothing once renditions exist."""

import io
import mimetypes
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from blog.tests import factories as f
from contentsecurity.tests.policy import allows_image, policy_of
from editorial.tests.admin_forms import edit_form_data
from uploads.storage import content_type_for, media_url_prefixes, rendition_storage

from .helpers import image_bytes, upload

pytestmark = pytest.mark.django_db

IMG_SRC = re.compile(r'<img[^>]+src="([^"]+)"')
IMAGE_TAG = re.compile(r"<(?:img|source)\b[^>]*>")
URL_ATTRIBUTE = re.compile(r'\s(?:src|srcset)="([^"]+)"')


def image_sources(response):
    """The src of each <img>: one per image shown."""
    return IMG_SRC.findall(response.content.decode())


def image_urls(response):
    """Every image URL a browser may fetch: <img> and <picture> sources, srcset included."""
    urls = set()
    for tag in IMAGE_TAG.findall(response.content.decode()):
        for value in URL_ATTRIBUTE.findall(tag):
            urls.update(candidate.split()[0] for candidate in value.split(","))
    return urls


def admin_upload(client, name="harbour.png", content=None, title="Harbour at dawn"):
    """Upload through the admin's "Add images" page, as the editor's browser does."""
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"title": title, "files[]": upload(name, content or image_bytes())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"], response.json()
    return get_image_model().objects.get(pk=response.json()["image_id"])


def test_an_admin_upload_lands_in_the_private_bucket(s3, admin_client):
    image = admin_upload(admin_client)

    assert image.file.name.startswith("original_images/")
    assert s3.list_keys() == [image.file.name]
    head = s3.head(image.file.name)
    assert head["ContentType"] == "image/png"
    assert head["ContentLength"] == image.file_size
    # Originals are private: no one reads them without a signature.
    unsigned = requests.get(f"{s3.endpoint}/{s3.bucket}/{image.file.name}", timeout=5)
    assert unsigned.status_code == 403
    assert "X-Amz-Signature=" in image.file.url


def test_uploads_never_overwrite_each_other(s3, admin_client):
    first = admin_upload(admin_client, content=image_bytes(colour=(1, 2, 3)))
    second = admin_upload(admin_client, content=image_bytes(colour=(200, 2, 3)))

    assert first.file.name != second.file.name
    assert len(s3.list_keys(prefix="original_images/")) == 2


def test_renditions_land_in_the_public_prefix_and_pages_link_to_the_bucket(
    s3, admin_client, client
):
    cover = admin_upload(admin_client)
    story = f.story(title="Harbour", cover_image=cover)

    listing = client.get("/journeys/")
    detail = client.get(story.url)

    assert listing.status_code == detail.status_code == 200
    assert len(image_sources(listing)) == len(image_sources(detail)) == 1
    urls = image_urls(listing) | image_urls(detail)
    renditions = s3.list_keys(prefix="public/images/")
    for url in urls:
        assert url.startswith(f"{s3.endpoint}/{s3.bucket}/public/images/"), url
        key = url.removeprefix(f"{s3.endpoint}/{s3.bucket}/")
        assert key in renditions
        assert "Signature" not in url  # public: the same URL for every reader, cacheable
        fetched = requests.get(url, timeout=5)
        assert fetched.status_code == 200
        assert fetched.headers["Content-Type"] == content_type_for(key)
        assert fetched.headers["Content-Type"].startswith("image/")
        assert fetched.headers["Cache-Control"] == "public, max-age=31536000"
    # Made once: more visits write nothing more.
    client.get("/journeys/")
    client.get(story.url)
    assert s3.list_keys(prefix="public/images/") == renditions


def test_pages_link_renditions_on_the_cdn_domain(s3, admin_client, client):
    s3.configure(AWS_S3_CUSTOM_DOMAIN="media.cdn.example")
    f.story(title="Harbour", cover_image=admin_upload(admin_client))

    [src] = image_sources(client.get("/journeys/"))

    key = urlsplit(src).path.lstrip("/")
    assert src == f"https://media.cdn.example/{key}"
    assert key.startswith("public/images/")
    assert key in s3.list_keys(prefix="public/")


def test_renditions_may_live_in_a_public_bucket_of_their_own(s3, admin_client, client):
    public = s3.bucket + "-public"
    s3.configure(AWS_S3_PUBLIC_BUCKET_NAME=public)
    image = admin_upload(admin_client)
    f.story(title="Harbour", cover_image=image)

    urls = image_urls(client.get("/journeys/"))

    assert urls
    for url in urls:
        assert url.startswith(f"{s3.endpoint}/{public}/public/images/"), url
        assert url.removeprefix(f"{s3.endpoint}/{public}/") in s3.list_keys(bucket=public)
    assert s3.list_keys() == [image.file.name]  # the private bucket holds the original only


@pytest.mark.parametrize(
    "variables",
    [{}, {"AWS_S3_CUSTOM_DOMAIN": "media.cdn.example"}, {"AWS_S3_PUBLIC_BUCKET_NAME": "-public"}],
    ids=["bucket", "cdn", "public-bucket"],
)
def test_the_policy_lets_pages_show_their_renditions_and_nothing_else_on_the_endpoint(
    s3, admin_client, client, variables
):
    if "AWS_S3_PUBLIC_BUCKET_NAME" in variables:
        variables = {"AWS_S3_PUBLIC_BUCKET_NAME": s3.bucket + "-public"}
    s3.configure(**variables)
    author = f.author(name="Amina", avatar=admin_upload(admin_client, title="Amina"))
    story = f.story(title="Harbour", cover_image=admin_upload(admin_client), authors=[author])

    for url in ["/journeys/", story.url, author.url]:
        response = client.get(url)
        policy = policy_of(response)
        shown = image_urls(response)
        assert shown, url
        for src in shown:
            assert allows_image(policy, src), (url, src, policy["img-src"])
        # Other buckets behind the same endpoint are someone else's.
        assert not allows_image(policy, f"{s3.endpoint}/another-bucket/x.png")


def test_local_media_is_under_media_url(settings):
    assert media_url_prefixes() == ("/media/",)
    settings.MEDIA_URL = "https://static.example.org/media/"
    assert media_url_prefixes() == ("https://static.example.org/media/",)


@pytest.mark.parametrize(
    ("spec", "content_type"),
    [
        ("fill-1200x630", "image/png"),  # the Open Graph size
        ("fill-640x360|format-webp", "image/webp"),
        ("fill-640x360|format-avif", "image/avif"),
        ("fill-160x160|format-jpeg", "image/jpeg"),
    ],
)
def test_renditions_in_every_format_are_stored_with_their_content_type(s3, spec, content_type):
    image = f.image(size=(1400, 800))

    rendition = image.get_rendition(spec)

    head = s3.head(f"public/{rendition.file.name}")
    assert head["ContentType"] == content_type
    assert content_type_for(rendition.file.name) == content_type


def test_a_document_is_private_and_reached_through_the_serve_view(s3, admin_client, client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Interview checklist", "file": upload("checklist.txt", b"1. Breathe.\n")},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    key = document.file.name
    assert s3.list_keys() == [key]
    assert s3.head(key)["ContentType"] == "text/plain"

    # The object itself refuses anyone without a signature.
    assert requests.get(f"{s3.endpoint}/{s3.bucket}/{key}", timeout=5).status_code == 403
    # The link readers get is Wagtail's serve view, not the bucket.
    assert document.url == reverse("wagtaildocs_serve", args=(document.pk, document.filename))
    served = client.get(document.url)
    assert served.status_code == 302
    signed = served["Location"]
    assert signed.startswith(f"{s3.endpoint}/{s3.bucket}/{key}?")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    fetched = requests.get(signed, timeout=5)
    assert fetched.status_code == 200
    assert fetched.content == b"1. Breathe.\n"


def test_every_accepted_file_gets_its_content_type_without_a_system_mime_table(
    s3, admin_client, client, settings, monkeypatch
):
    """A slim container has no /etc/mime.types: Python alone would store a .docx as
    application/octet-stream, and readers' browsers would not know what opened it."""
    monkeypatch.setattr(mimetypes, "guess_type", lambda *args, **kwargs: (None, None))
    for extension in settings.WAGTAILIMAGES_EXTENSIONS + settings.WAGTAILDOCS_EXTENSIONS:
        assert content_type_for(f"file.{extension}") != "application/octet-stream", extension
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "My CV", "file": upload("cv.docx", b"PK\x03\x04 not really a docx")},
    )

    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert s3.head(document.file.name)["ContentType"] == word
    signed = client.get(document.url)["Location"]
    assert requests.get(signed, timeout=5).headers["Content-Type"] == word


def test_a_document_in_a_restricted_collection_is_not_handed_to_anonymous_readers(
    s3, client, django_user_model
):
    """An attachment editors keep private (a collection restricted to some readers, or to
    signed-in users) gets no signed URL unless the reader may see it."""
    private = Collection.get_first_root_node().add_child(name="Unpublished drafts")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Reviewers"))
    document = get_document_model()(title="Embargoed", collection=private)
    document.file.save("embargoed.txt", ContentFile(b"Not yet.\n"))

    anonymous = client.get(document.url)
    outsider = django_user_model.objects.create_user("outsider", password="pw-long-enough-1")
    client.force_login(outsider)
    signed_in = client.get(document.url)
    outsider.groups.add(Group.objects.get(name="Reviewers"))
    reviewer = client.get(document.url)

    for refused in (anonymous, signed_in):  # to the login page, not the bucket
        assert refused.status_code == 302
        assert refused["Location"].startswith(reverse("wagtailcore_login"))
    assert reviewer.status_code == 302
    assert reviewer["Location"].startswith(f"{s3.endpoint}/{s3.bucket}/{document.file.name}?")
    assert requests.get(reviewer["Location"], timeout=5).content == b"Not yet.\n"


def test_deleting_an_image_removes_its_files(
    s3, admin_client, client, django_capture_on_commit_callbacks
):
    image = admin_upload(admin_client)
    f.story(title="Harbour", cover_image=image)
    client.get("/journeys/")
    image.get_rendition("width-960")
    assert s3.list_keys(prefix="original_images/") == [image.file.name]
    assert len(s3.list_keys(prefix="public/images/")) >= 2

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailimages:delete", args=(image.pk,)))

    assert response.status_code == 302
    assert not get_image_model().objects.exists()
    assert s3.list_keys() == []


@pytest.mark.parametrize("url", ["/", "/journeys/", "/tags/shared/"])
def test_a_listing_asks_the_store_nothing_per_image_once_renditions_exist(s3, client, url):
    """Counted at the S3 endpoint itself; the renditions come with the page's queries, so
    the database is not asked once per image either."""

    def store_requests_for_a_visit():
        client.get(url)  # the first visit makes the renditions that are missing
        before = len(s3.server.requests)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(s3.server.requests) - before, len(image_sources(response)), len(queries)

    f.story(tags=["shared"], cover_image=f.image())
    before = len(s3.server.requests)
    one = store_requests_for_a_visit()
    assert len(s3.server.requests) > before  # the log works: making a rendition was seen

    for _ in range(11):
        f.story(tags=["shared"], cover_image=f.image())
    twelve = store_requests_for_a_visit()

    assert one[1] == 1
    assert twelve[1] == 12  # the home page lists the latest twelve too
    assert one[0] == twelve[0] == 0
    assert twelve[2] == one[2]


def test_the_demo_content_loads_into_the_bucket(s3, client):
    call_command("load_demo_content", stdout=io.StringIO())

    images = get_image_model().objects.all()
    assert images.count() > 5
    assert set(s3.list_keys(prefix="original_images/")) == {image.file.name for image in images}
    home = client.get("/")
    assert home.status_code == 200
    sources = image_sources(home)
    assert sources
    assert all(src.startswith(f"{s3.endpoint}/{s3.bucket}/public/images/") for src in sources)


# Rendition names carry a random part: a draft's cover cannot be found by guessing.

TOKEN = re.compile(r"\.[0-9a-f]{16}(?=\.)")


def guessable(name):
    """The name Wagtail gives a rendition ("images/cover.fill-640x360.png"), which anyone
    who guesses the original's file name can work out."""
    return TOKEN.sub("", name)


def public_url(s3, key):
    return f"{s3.endpoint}/{s3.bucket}/{key}"


def test_a_drafts_renditions_cannot_be_fetched_by_guessing_their_names(s3, people):
    cover = admin_upload(people.ann_client, name="cover.png", title="Ann's cover")
    draft = f.story(title="Ann's draft", owner=people.ann, live=False, cover_image=cover)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,))

    # The editor previews the draft: its renditions are made in the public storage.
    assert people.eve_client.post(preview, edit_form_data(draft)).status_code == 200
    shown = people.eve_client.get(preview)

    assert shown.status_code == 200
    keys = s3.list_keys(prefix="public/images/")
    assert keys
    assert {url.removeprefix(public_url(s3, "")) for url in image_urls(shown)} <= set(keys)
    for key in keys:
        assert TOKEN.search(key), key
        assert requests.get(public_url(s3, key), timeout=5).status_code == 200  # with the link
        assert requests.get(public_url(s3, guessable(key)), timeout=5).status_code in (403, 404)


def test_two_pictures_of_the_same_name_give_nothing_of_each_others_away(s3, admin_client):
    """Originals "cover.png" and "cover.jpg" both make renditions Wagtail calls
    images/cover.…: the random part differs, so one's address says nothing of the other's."""
    first = admin_upload(admin_client, name="cover.png")
    second = admin_upload(admin_client, name="cover.jpg", content=image_bytes("JPEG"))

    names = [image.get_rendition("fill-100x100|format-png").file.name for image in (first, second)]

    assert guessable(names[0]) == guessable(names[1])
    assert guessable(names[0]).startswith("images/cover.")
    assert names[0] != names[1]
    assert all(TOKEN.search(name) for name in names)


def test_renditions_made_before_keep_their_names_and_work(s3, client):
    """Renditions named the old way (no random part) are linked and served as before."""
    image = f.image(title="Old cover")
    story = f.story(title="Old story", cover_image=image)
    client.get(story.url)
    for rendition in image.renditions.all():
        old_name = guessable(rendition.file.name)
        with rendition.file.open() as handle:
            rendition_storage._save(old_name, File(handle, name=old_name))
        type(rendition).objects.filter(pk=rendition.pk).update(file=old_name)
    # As after a deploy: Wagtail's cache of renditions and the page cache do not hold the
    # new names.
    for cache in caches.all():
        cache.clear()

    urls = image_urls(client.get(story.url))

    assert urls
    for url in urls:
        assert not TOKEN.search(url), url
        assert requests.get(url, timeout=5).status_code == 200


def test_with_local_media_rendition_names_are_unguessable_too():
    rendition = f.image(title="Local cover").get_rendition("fill-640x360")

    assert TOKEN.search(rendition.file.name)
    assert rendition_storage.exists(rendition.file.name)
    assert not rendition_storage.exists(guessable(rendition.file.name))
