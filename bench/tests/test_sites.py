"""Which addresses the benchmark loads on each version, and which databases it may touch."""

import pytest
from django.core.management import CommandError

from bench import sites


def test_both_versions_load_the_same_page_when_both_have_it():
    candidates = {
        "this": {"story": ["/journeys/b/", "/journeys/a/"], "home": ["/"]},
        "other": {"story": ["/journeys/a/", "/journeys/b/"], "home": ["/"]},
    }
    assert sites.choose(candidates, ["story", "home"]) == {
        "this": {"story": "/journeys/b/", "home": "/"},
        "other": {"story": "/journeys/b/", "home": "/"},
    }


def test_each_version_loads_its_own_first_page_when_none_is_shared():
    candidates = {"this": {"tag": ["/tags/apis/"]}, "other": {"tag": ["/tags/django/"]}}
    assert sites.choose(candidates, ["tag"]) == {
        "this": {"tag": "/tags/apis/"},
        "other": {"tag": "/tags/django/"},
    }
    assert sites.choose({"this": {"tag": ["/tags/apis/"]}}, ["tag"]) == {
        "this": {"tag": "/tags/apis/"}
    }


def test_a_page_a_version_lacks_is_named_with_what_to_do():
    candidates = {"this": {"tutorial": ["/tutorials/a/"]}, "other": {"tutorial": []}}
    with pytest.raises(CommandError, match="other tree's demo content has no tutorial page: "):
        sites.choose(candidates, ["tutorial"])


def test_the_database_address_keeps_the_server_and_user():
    url = sites.database_url("postgres://bench:pw@db.local:5433/site?sslmode=disable", "bj_x")
    assert url == "postgres://bench:pw@db.local:5433/bj_x?sslmode=disable"


def test_only_benchmark_databases_are_recreated():
    with pytest.raises(CommandError, match="Refusing to touch 'journeys'"):
        sites.recreate_database("postgres://postgres@127.0.0.1:1/postgres", "journeys")
