"""/csp-report/: what browsers report the policy refused is logged; anything else is
refused with a message and logs nothing."""

import json
import logging

import pytest

URL = "/csp-report/"
REPORT = {
    "csp-report": {
        "document-uri": "https://backendjourneys.org/journeys/a-story/",
        "violated-directive": "img-src",
        "effective-directive": "img-src",
        "blocked-uri": "https://elsewhere.example/pixel.gif",
        "source-file": "https://backendjourneys.org/static/js/search.js",
        "line-number": 12,
        "original-policy": "default-src 'self'",
    }
}


def logged(caplog):
    return [record for record in caplog.records if record.name.startswith("contentsecurity")]


def post(client, body, content_type="application/csp-report"):
    return client.post(URL, body, content_type=content_type)


def test_a_browsers_report_is_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="contentsecurity"):
        response = post(client, json.dumps(REPORT))

    assert response.status_code == 204
    [record] = logged(caplog)
    message = record.getMessage()
    assert "Content-Security-Policy violation" in message
    assert "https://elsewhere.example/pixel.gif" in message
    assert "/journeys/a-story/" in message and "'img-src'" in message


def test_long_fields_are_cut_short(client, caplog):
    report = {"csp-report": {**REPORT["csp-report"], "blocked-uri": "x" * 5000}}
    with caplog.at_level(logging.WARNING, logger="contentsecurity"):
        assert post(client, json.dumps(report)).status_code == 204
    assert "x" * 300 in caplog.text
    assert "x" * 301 not in caplog.text


@pytest.mark.parametrize(
    "body",
    ["not json", "[]", "null", '"x"', '{"csp-report": 1}', "{}", "[" * 5000, "{" + " " * 20_000],
)
def test_anything_else_is_refused_with_a_message(client, caplog, body):
    with caplog.at_level(logging.WARNING, logger="contentsecurity"):
        response = post(client, body)

    assert response.status_code == 400
    assert response.content.decode() in {
        'Send a JSON object with a "csp-report" object, as browsers do.',
        "A report is at most 16 KB.",
    }
    assert not logged(caplog)


def test_only_posts_are_taken(client):
    assert client.get(URL).status_code == 405
