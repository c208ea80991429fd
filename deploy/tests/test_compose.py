"""compose.yaml is valid Compose (the Compose Specification's JSON schema, kept beside this
test: no `docker compose` here, whose CLI plugin is missing and needs no daemon to validate,
but is not installed) and has the stack the README promises; haproxy accepts its config."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "compose_spec.json").read_text())


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def problems(document):
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]


def test_valid_against_the_compose_schema(compose):
    assert problems(compose) == []


def test_the_schema_catches_a_mistake(compose):
    broken = {**compose, "services": {**compose["services"]}}
    broken["services"]["web1"] = {**compose["services"]["web1"], "comand": ["web"]}
    assert problems(broken)


def test_the_stack(compose):
    services = compose["services"]
    assert {"web1", "web2", "worker", "release", "lb", "postgres", "redis", "minio"} <= set(
        services
    )
    image = services["web1"]["image"]
    for name in ("web1", "web2", "worker", "release"):
        assert services[name]["image"] == image, "one image for every role"
        assert services[name]["env_file"] == ".env"
    assert services["web1"]["command"] == services["web2"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]  # manage.py run_worker
    assert services["release"]["command"][0] == "release"
    assert services["release"]["restart"] == "no"
    assert services["opensearch"]["profiles"] == ["search"]


def test_order_release_before_the_app_servers(compose):
    services = compose["services"]
    for name in ("web1", "web2", "worker"):
        depends = services[name]["depends_on"]
        assert depends["release"] == {"condition": "service_completed_successfully"}
    release = services["release"]["depends_on"]
    assert release["postgres"] == {"condition": "service_healthy"}
    assert release["minio-init"] == {"condition": "service_completed_successfully"}


def test_app_servers_stop_after_gunicorns_graceful_timeout(compose):
    grace = int(compose["services"]["web1"]["stop_grace_period"].rstrip("s"))
    config = (ROOT / "config" / "gunicorn.py").read_text()
    graceful = int(re.search(r'"GUNICORN_GRACEFUL_TIMEOUT", (\d+)', config).group(1))
    assert grace > graceful


def test_the_balancer_sends_to_both_app_servers():
    config = (ROOT / "docker" / "haproxy.cfg").read_text()
    assert re.search(r"^\s+server web1 web1:8000 check", config, re.MULTILINE)
    assert re.search(r"^\s+server web2 web2:8000 check", config, re.MULTILINE)
    assert "option httpchk GET /healthz" in config


@pytest.mark.skipif(not shutil.which("haproxy"), reason="haproxy is not installed")
def test_haproxy_accepts_its_config():
    result = subprocess.run(
        [shutil.which("haproxy"), "-c", "-f", str(ROOT / "docker" / "haproxy.cfg")],
        env={**os.environ, "MEDIA_HOST": "media.localhost"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout + result.stderr
