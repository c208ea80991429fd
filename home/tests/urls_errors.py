"""The site's addresses and two views that fail, under the site's server error handler
(test_errors.py)."""

from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site_patterns


def database_away(request):
    raise OperationalError("server closed the connection unexpectedly")


def broken(request):
    raise ValueError("a bug")


urlpatterns = [path("away/", database_away), path("broken/", broken), *site_patterns]
handler500 = "home.errors.server_error"
