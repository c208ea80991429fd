"""A CDN or proxy in front of the site hears of each page a publish changes: a real HTTP
server on loopback takes Wagtail's PURGE requests, as Varnish would."""

import http.server
import threading

import pytest
from wagtail.models import Site

from blog.tests import factories as f

pytestmark = pytest.mark.django_db


class _Purges(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Purges)
    server.purged = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_page_and_every_page_that_lists_it(proxy):
    Site.objects.filter(is_default_site=True).update(hostname="journeys.example", port=80)
    writer = f.author(name="Purged Writer", slug="purged-writer")
    story = f.story(slug="purged-story", tags=["queues"], authors=[writer])
    proxy.clear()

    story.title = "Changed"
    f.publish(story)

    hosts = {host for host, _path in proxy}
    paths = {path for _host, path in proxy}
    assert hosts == {"journeys.example"}
    assert {
        "/journeys/purged-story/", "/journeys/", "/", "/authors/purged-writer/",
        "/tags/queues/", "/feeds/all/rss.xml", "/feeds/journeys/atom.xml",
        "/feeds/tags/queues/rss.xml", "/feeds/authors/purged-writer/rss.xml", "/sitemap.xml",
    } <= paths  # fmt: skip

    proxy.clear()
    story.unpublish()
    assert "/journeys/purged-story/" in {path for _host, path in proxy}
