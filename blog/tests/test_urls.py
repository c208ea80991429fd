"""Tag and feed addresses with a control character in a slug are a 404 page, and never
reach the database: PostgreSQL refuses a NUL in a query, which answered 500 there."""

from urllib.parse import quote

import pytest
from django.db import connection

from . import factories as f

pytestmark = pytest.mark.django_db

CONTROLS = [chr(n) for n in range(0x20)] + ["\x7f"]
ADDRESSES = [
    "/tags/{}/",
    "/tags/django{}/",
    "/feeds/tags/{}/rss.xml",
    "/feeds/tags/dj{}ango/atom.xml",
    "/feeds/authors/{}/rss.xml",
    "/feeds/authors/amina{}/atom.xml",
    "/feeds/{}/rss.xml",
    "/feeds/all{}/atom.xml",
]


class QueriesWithNul:
    """Records every database query made with a NUL in its text or parameters."""

    def __init__(self):
        self.found = []

    def __call__(self, execute, sql, params, many, context):
        rows = params if many else [params]
        values = [sql, *(value for row in rows or [] for value in (row or []))]
        if any(isinstance(value, str) and "\x00" in value for value in values):
            self.found.append(sql)
        return execute(sql, params, many, context)


@pytest.fixture
def content():
    author = f.author(name="Amina", slug="amina")
    f.story(title="Tagged", authors=[author], tags=["django", "Café au lait"])


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_control_character_in_a_slug_is_a_404_page_without_a_query(client, content, address):
    nul_queries = QueriesWithNul()
    with connection.execute_wrapper(nul_queries):
        for char in CONTROLS:
            url = address.format(quote(char))
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"Page not found" in response.content, url
    assert nul_queries.found == []


def test_the_addresses_readers_use_still_answer(client, content):
    for url in [
        "/tags/django/",
        f"/tags/{quote('café-au-lait')}/",
        "/feeds/tags/django/rss.xml",
        "/feeds/authors/amina/atom.xml",
        "/feeds/all/rss.xml",
        "/feeds/journeys/atom.xml",
    ]:
        assert client.get(url).status_code == 200, url
