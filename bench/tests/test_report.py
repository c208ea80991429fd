"""The page benchmark's rounds summed up (medians, processor time over all requests) and its
tables: aligned columns, both cache modes, the ratio against another commit."""

import math

from bench import report


def rounds(*values):
    return [
        report.Round(requests=r, requests_per_second=rate, p50_ms=p50, p99_ms=p99, cpu_ms=cpu)
        for r, rate, p50, p99, cpu in values
    ]


def test_a_summary_takes_medians_and_cpu_over_every_request():
    summary = report.summarise(
        rounds((100, 20.0, 10.0, 50.0, 1000.0), (300, 60.0, 30.0, 90.0, 1400.0),
               (100, 30.0, 20.0, 70.0, 600.0)),
        queries=8,
    )  # fmt: skip
    assert summary.requests_per_second == 30.0
    assert summary.p50_ms == 20.0
    assert summary.p99_ms == 70.0
    assert summary.cpu_ms_per_request == 3000.0 / 500  # not the mean of 10, 4.67 and 6
    assert summary.queries == 8
    assert report.summarise(rounds((0, 0.0, 0.0, 0.0, 5.0))).cpu_ms_per_request != 0
    assert math.isnan(report.summarise(rounds((0, 0.0, 0.0, 0.0, 5.0))).cpu_ms_per_request)


def test_a_table_pads_columns_left_then_right():
    text = report.table(["page", "req/s"], [["home", "1,603"], ["tutorial", "22"]])
    assert text.splitlines() == [
        "page      req/s",
        "--------  -----",
        "home      1,603",
        "tutorial     22",
    ]


def summary(rate, cpu, queries):
    return report.Summary(rate, 10.0, 20.5, cpu, 0, queries)


def test_the_cache_table_shows_each_page_off_and_on():
    pages = {"home": "/", "static": "/static/css/site.css"}
    off = {"home": summary(25.4, 28.6, 8), "static": summary(1603.0, 0.36, 0)}
    on = {"home": summary(250.0, 2.0, 1), "static": summary(2621.0, 0.31, None)}
    lines = report.cache_table(pages, off, on).splitlines()
    assert lines[0].split() == [
        "page", "address", "req/s", "off", "req/s", "on", "p50", "ms", "off", "p50", "ms", "on",
        "p99", "ms", "off", "p99", "ms", "on", "CPU", "ms/req", "off", "CPU", "ms/req", "on",
        "SQL", "off", "SQL", "on",
    ]  # fmt: skip
    assert lines[2].split() == [
        "home", "/", "25", "250", "10.0", "10.0", "20.5", "20.5", "28.60", "2.00", "8", "1"
    ]  # fmt: skip
    assert lines[3].split()[:4] == ["static", "/static/css/site.css", "1,603", "2,621"]
    assert lines[3].split()[-2:] == ["0", "?"]  # no header: the count is unknown
    assert len({len(line) for line in lines[:2]}) == 1  # the rule is as wide as the header


def test_the_against_table_gives_this_trees_cpu_over_the_others():
    pages = {"story": "/journeys/a/"}
    lines = report.against_table(
        pages, {"story": summary(40.0, 15.0, 8)}, {"story": summary(20.0, 30.0, 25)}, "592def8"
    ).splitlines()
    assert "CPU ms/req 592def8" in lines[0] and "CPU this/other" in lines[0]
    assert lines[2].split() == [
        "story", "/journeys/a/", "40", "20", "10.0", "10.0", "15.00", "30.00", "0.50x", "8", "25"
    ]  # fmt: skip
    assert report.ratio(1.0, 0.0) == "?"
    assert report.ratio(math.nan, 2.0) == "?"
