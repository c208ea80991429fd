"""What is worked out once per publish generation (``generation.remembered``): kept per
kind and parts, worked out again in a new generation, and never kept with the cache down."""

import pytest

from pagecache import generation

pytestmark = pytest.mark.django_db


def counted(calls, value, seconds=None):
    def compute():
        calls.append(value)
        return value, seconds

    return compute


def test_each_kind_and_parts_are_kept_apart():
    calls = []
    assert generation.remembered("facets", [["a"], {}], counted(calls, 1)) == 1
    assert generation.remembered("facets", [["a"], {}], counted(calls, 2)) == 1
    assert generation.remembered("facets", [["a"], {"type": "story"}], counted(calls, 3)) == 3
    assert generation.remembered("facets", [["b"], {}], counted(calls, 4)) == 4
    assert generation.remembered("results", [["b"], {}], counted(calls, 5)) == 5
    assert calls == [1, 3, 4, 5]


def test_a_new_generation_works_it_out_again():
    calls = []
    generation.remembered("facets", ["a"], counted(calls, 1))
    generation.bump("a page was published")
    assert generation.remembered("facets", ["a"], counted(calls, 2)) == 2
    assert calls == [1, 2]


def test_a_value_kept_for_no_time_is_worked_out_each_time():
    calls = []
    for n in range(2):
        generation.remembered("route", ["nowhere"], counted(calls, n, seconds=0))
    assert calls == [0, 1]


def test_with_the_cache_down_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(generation, "current", lambda: None)
    calls = []
    for n in range(2):
        generation.remembered("facets", ["a"], counted(calls, n))
    assert calls == [0, 1]


def test_one_request_reads_the_generation_once(rf, monkeypatch):
    request = rf.get("/")
    first = generation.for_request(request)
    monkeypatch.setattr(generation, "current", lambda: "read again")
    assert generation.for_request(request) == first
