"""Text answers reach a browser that accepts gzip compressed, pictures and downloads as they
are, and compression changes neither the page, its ETag's 304 nor the page cache."""

import gzip

import pytest
from django.http import HttpResponse

from blog.tests import factories as f
from home.compression import TextGZipMiddleware

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _unzipped(response):
    assert response["Content-Encoding"] == "gzip"
    return gzip.decompress(response.content)


def test_reader_pages_and_feeds_are_compressed_and_read_the_same(client):
    story = f.story(title="Compressed for the phone", tags=["queues"], body="Words. " * 400)
    for path in (story.url, "/", "/tags/queues/", "/search/?q=compressed", "/sitemap.xml",
                 "/feeds/all/rss.xml"):  # fmt: skip
        plain = client.get(path)
        packed = client.get(path, headers=GZIP)
        assert plain.status_code == packed.status_code == 200, path
        assert "Content-Encoding" not in plain, path
        assert _unzipped(packed) == plain.content, path
        assert len(packed.content) < len(plain.content), path
        assert "accept-encoding" in packed["Vary"].lower(), path
    # A page worth compressing shrinks to a fraction, its random padding included.
    plain, packed = client.get(story.url), client.get(story.url, headers=GZIP)
    assert len(packed.content) < len(plain.content) / 3


def test_a_compressed_page_still_answers_its_etag_with_304(client):
    story = f.story()
    packed = client.get(story.url, headers=GZIP)
    etag = packed["ETag"]
    assert etag.startswith('W/"')  # the same page, compressed: a weak match
    again = client.get(story.url, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    plain = client.get(story.url, headers={"If-None-Match": etag})
    assert plain.status_code == 304


def test_the_page_cache_keeps_one_copy_and_serves_it_either_way(client):
    story = f.story(body="Words. " * 400)
    first = client.get(story.url, headers=GZIP)
    assert first["X-Page-Cache"] == "miss"
    plain = client.get(story.url)
    assert plain["X-Page-Cache"] == "hit"
    packed = client.get(story.url, headers=GZIP)
    assert packed["X-Page-Cache"] == "hit"
    assert _unzipped(packed) == _unzipped(first) == plain.content


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("application/rss+xml; charset=utf-8", True),
        ("application/json", True),
        ("image/jpeg", False),
        ("image/webp", False),
        ("font/woff2", False),
        ("application/pdf", False),
        ("application/octet-stream", False),
    ],
)
def test_only_text_is_compressed(rf, content_type, compressed):
    middleware = TextGZipMiddleware(lambda request: HttpResponse(b"a" * 5000, content_type))
    response = middleware(rf.get("/", headers=GZIP))
    assert (response.get("Content-Encoding") == "gzip") is compressed
    if not compressed:
        assert response.content == b"a" * 5000
