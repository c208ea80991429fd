"""One feed instance serves every thread: in a module of its own, as a transactional test
cannot run inside the content the feed tests share."""

import threading

import feedparser
import pytest
from django.db import connections
from django.test import Client

from . import factories as f


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_each_get_their_own_links(monkeypatch):
    """One feed instance serves every thread: links follow each request's own host."""
    from blog import feeds

    story = f.story(title="Shared story")
    both_started = threading.Barrier(2, timeout=10)
    source = feeds.feed_source

    def feed_source_once_both_asked(*args):
        both_started.wait()
        return source(*args)

    monkeypatch.setattr(feeds, "feed_source", feed_source_once_both_asked)
    links = {}

    def fetch(host):
        try:
            response = Client(HTTP_HOST=host).get("/feeds/all/atom.xml")
            links[host] = [entry.link for entry in feedparser.parse(response.content).entries]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fetch, args=(h,)) for h in ("localhost", "127.0.0.1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert links == {
        "localhost": [f"http://localhost{story.url}"],
        "127.0.0.1": [f"http://127.0.0.1{story.url}"],
    }
