"""The admin carries the publication's name and logo, not Wagtail's."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_shows_backend_journeys_and_no_wagtail_logo(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").text.strip() == "Sign in to Backend Journeys"
    assert page.title.text.strip().endswith("Backend Journeys")
    assert "Wagtail" not in page.title.text and "Wagtail" not in page.select_one("h1").text
    assert page.select_one("svg.icon-wagtail") is None
    assert page.select_one(".login-logo img")["src"].endswith("favicon.svg")
    assert page.select_one("link[rel~=icon]")["href"].endswith("favicon.svg")
    assert page.find("a", string="Write for us")["href"] == "/write-for-us/"


def test_admin_pages_carry_the_name_and_logo(admin_client):
    page = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert page.title.text.strip().endswith("Backend Journeys")
    logo = page.select_one("template[data-wagtail-sidebar-branding-logo]")
    assert "favicon.svg" in logo.decode_contents()
    assert page.select_one("link[rel~=icon]")["href"].endswith("favicon.svg")
