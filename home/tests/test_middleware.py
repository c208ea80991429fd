"""No address or query parameter with a NUL reaches a view: a NUL in a database query is a
server error on PostgreSQL."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS

pytestmark = pytest.mark.django_db

ADMIN_PARAMETERS = [
    "/admin/tag-autocomplete/?term=%00",
    "/admin/pages/search/?content_type=a%00.b",
    "/admin/pages/search/?q=%00",
    "/admin/choose-page/search/?q=x%00",
    "/admin/images/?q=%00",
]
READER_PARAMETERS = ["/?page=%00", "/journeys/?page=1%00", "/search/?q=%00", "/tags/?x%00=1"]


def _no_query_holds_a_nul(queries):
    return not any("\x00" in str(query["sql"]) for query in queries)


@pytest.fixture
def contributor(client):
    user = get_user_model().objects.create_user("writer", "w@example.com", "pw-12345678")
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ADMIN_PARAMETERS)
def test_admin_parameters_lose_their_nul_before_any_query(contributor, url):
    with CaptureQueriesContext(connection) as queries:
        response = contributor.get(url)
    assert response.status_code in (200, 302, 404)
    assert _no_query_holds_a_nul(queries)


@pytest.mark.parametrize("url", READER_PARAMETERS)
def test_reader_parameters_lose_their_nul_before_any_query(client, url):
    f.story(title="A story")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 404)
    assert _no_query_holds_a_nul(queries)


def test_a_search_with_a_nul_is_the_search_without_it(client):
    f.story(title="Queues and caches", body="A queue in front of a cache.")
    f.story(title="Something else")

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        return [" ".join(a.get_text().split()) for a in page.select(".search-result__title a")]

    assert titles("/search/?q=que%00ue") == titles("/search/?q=queue") == ["Queues and caches"]


@pytest.mark.parametrize("path", ["/journeys/%00/", "/journeys/a%00b/", "/authors/%00/x/"])
def test_an_address_with_a_nul_is_not_found(client, path):
    f.story(title="A story")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 404
    assert _no_query_holds_a_nul(queries)


def test_the_api_still_answers_in_its_own_format(client):
    response = client.get("/api/v3/articles/?tag=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
