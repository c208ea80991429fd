"""The probes a load balancer and an orchestrator ask: /healthz (the process answers) and
/readyz (each service a request needs answers, with its time; 503 naming what is down),
against real services on loopback."""

import json

import pytest

from pagecache.tests.servers import Client as HttpClient
from pagecache.tests.servers import app_server, free_port, redis_server, servers_environment
from pagecache.tests.test_redis import redis_caches
from search.tests.test_features import OPENSEARCH
from uploads.tests.helpers import S3, S3Server


def body(response):
    return json.loads(response.content)


def test_healthz_answers_without_the_database_a_host_check_or_https(client, settings):
    """No database access is allowed in this test: any query would fail it."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # a server's own address
    assert response.status_code == 200
    assert body(response) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_names_each_service_with_its_time(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    checks = body(response)["checks"]
    assert body(response)["status"] == "ready"
    assert set(checks) == {"database", "storage"}  # no Redis, S3 or search service here
    assert checks["database"]["ok"] and checks["database"]["ms"] >= 0


@pytest.mark.django_db
def test_readyz_with_redis_up_and_then_gone(client, settings):
    with redis_server() as url:
        settings.CACHES = redis_caches(url)
        checks = body(client.get("/readyz"))["checks"]
        assert checks["cache"]["ok"]
    response = client.get("/readyz")
    assert response.status_code == 503
    assert body(response)["status"] == "down: cache"
    assert "ConnectionError" in body(response)["checks"]["cache"]["detail"]


@pytest.fixture
def own_s3(settings, monkeypatch):
    server = S3Server().start()
    s3 = S3(server=server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    yield s3
    server.stop()


@pytest.mark.django_db
def test_readyz_with_the_media_store_up_and_then_gone(client, own_s3):
    checks = body(client.get("/readyz"))["checks"]
    assert checks["storage"] == {**checks["storage"], "ok": True}
    assert own_s3.bucket in checks["storage"]["detail"]
    own_s3.server.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert body(response)["status"] == "down: storage"


@pytest.mark.django_db
def test_readyz_with_the_search_service_down(client, settings):
    settings.WAGTAILSEARCH_BACKENDS = OPENSEARCH
    response = client.get("/readyz")
    assert response.status_code == 503
    assert body(response)["status"] == "down: search"
    assert body(response)["checks"]["database"]["ok"]


def test_an_app_server_whose_database_is_gone_is_alive_but_not_ready(tmp_path):
    env = servers_environment(tmp_path, redis_url="")
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{free_port()}/nothing_here"
    with app_server(env) as base:
        probe = HttpClient(base)
        assert probe.get("/healthz").status == 200
        ready = probe.get("/readyz")
    assert ready.status == 503
    assert json.loads(ready.text)["status"] == "down: database"
