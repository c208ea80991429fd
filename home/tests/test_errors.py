"""PostgreSQL restarting answers 503 "back in a moment" with Retry-After; a bug is still a
500. Both pages are the site's own, without a traceback."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for_errors(settings):
    settings.ROOT_URLCONF = "home.tests.urls_errors"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_the_database_away_is_a_503_with_retry_after(client_for_errors):
    response = client_for_errors.get("/away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "<h1>Back in a moment</h1>" in page
    assert "Traceback" not in page and "server closed" not in page


def test_any_other_error_is_still_the_500_page(client_for_errors):
    response = client_for_errors.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert not response.has_header("Retry-After")
