"""One JSON line per request, with its id, method, path, status, duration and user."""

import json
import logging

import pytest

from observability.formatters import JsonFormatter


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def request_lines():
    """What LOG_FORMAT=json writes for each request, as the lines it writes."""
    logger = logging.getLogger("observability.requests")
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_one_line_per_request_with_its_fields(client, request_lines):
    response = client.get("/robots.txt")
    client.get("/robots.txt")

    assert len(request_lines) == 2
    entry = json.loads(request_lines[0])
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/robots.txt", 200)
    assert entry["user_id"] is None
    assert isinstance(entry["duration_ms"], float)
    assert entry["logger"] == "observability.requests"
    assert entry["level"] == "INFO"
    assert json.loads(request_lines[1])["request_id"] != entry["request_id"]


@pytest.mark.django_db
def test_a_signed_in_users_id(client, django_user_model, request_lines):
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)

    client.get("/robots.txt")

    assert json.loads(request_lines[-1])["user_id"] == user.pk


def test_a_sane_request_id_is_kept_and_echoed(client, request_lines):
    given = "3f2a9c1e-haproxy-0001"
    response = client.get("/robots.txt", headers={"X-Request-ID": given})

    assert response["X-Request-ID"] == given
    assert json.loads(request_lines[-1])["request_id"] == given


@pytest.mark.parametrize(
    "given",
    ["short", "has spaces in it", 'quote"and<tag>', "x" * 200, "line\u2028break-0123"],
)
def test_any_other_request_id_is_replaced(client, given, request_lines):
    response = client.get("/robots.txt", headers={"X-Request-ID": given})

    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32
    assert json.loads(request_lines[-1])["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_what_a_client_sends_is_json_encoded_on_one_line(client, request_lines):
    hostile = '/no"such\npage\\</script>\u2028é/'
    response = client.get(hostile.replace("\n", "%0A"))
    assert response.wsgi_request.path == hostile

    (line,) = request_lines
    assert "\n" not in line and "\u2028" not in line and "é" not in line
    assert json.loads(line)["path"] == hostile


def test_probes_are_not_logged(client, request_lines):
    assert client.get("/healthz").status_code == 200
    assert request_lines == []


def test_nothing_is_logged_unless_switched_on(client, caplog):
    with caplog.at_level(logging.WARNING, logger="observability.requests"):
        response = client.get("/robots.txt")
    assert caplog.records == []
    assert response["X-Request-ID"]  # the id is there all the same
