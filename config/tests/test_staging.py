"""Staging settings: production's, with a banner, noindex, and its own database and bucket
required; and `check --deploy` passes for both with no warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from uploads.tests.helpers import CREDENTIALS, S3Server

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jd9-qP2vXz8LwT5nR7yB1cF6hG4mS0aE_uIoZxQ2wV9tY3rN8pL5kJ7hD1sA6f"
SHOW = (
    "from django.conf import settings; "
    "print(settings.SITE_BANNER, settings.SITE_NOINDEX, settings.DEBUG, sep='|')"
)


def run(settings_module, *args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "BENCH", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=f"config.settings.{settings_module}",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="staging.example.org",
        **env_overrides,
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_staging_needs_its_own_database():
    result = run("staging", "-c", SHOW, AWS_STORAGE_BUCKET_NAME="bj-staging")
    assert result.returncode != 0
    assert "DATABASE_URL is not set: staging needs staging's own PostgreSQL" in result.stderr


def test_staging_needs_its_own_bucket():
    result = run("staging", "-c", SHOW, DATABASE_URL="postgres://db/bj_staging")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME is not set: staging needs staging's own media" in (
        result.stderr
    )


def test_staging_has_the_banner_and_noindex():
    env = {"DATABASE_URL": "postgres://db/bj_staging", "AWS_STORAGE_BUCKET_NAME": "bj-staging"}
    assert run("staging", "-c", SHOW, **env).stdout == "Staging: not the live site|True|False\n"
    own = run("staging", "-c", SHOW, SITE_BANNER="Rehearsal", **env).stdout
    assert own == "Rehearsal|True|False\n"
    assert run("production", "-c", SHOW).stdout == "|False|False\n"


@pytest.fixture(scope="module")
def bucket():
    """A real S3 API (moto) with a bucket, which `check` asks for."""
    import boto3

    server = S3Server().start()
    name = "bj-staging-media"
    boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket=name)
    yield {
        **CREDENTIALS,
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": server.endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    server.stop()


@pytest.mark.parametrize("settings_module", ["production", "staging"])
def test_check_deploy_has_no_warning(settings_module, bucket, tmp_path):
    result = run(
        settings_module,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **bucket,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
def test_the_admin_shows_the_banner_on_staging_and_not_elsewhere(admin_client, settings):
    settings.SITE_BANNER = "Staging: not the live site"
    page = admin_client.get("/admin/").content.decode()
    assert '<p class="bj-admin-banner" role="note">Staging: not the live site</p>' in page
    assert "css/admin-banner.css" in page
    settings.SITE_BANNER = ""
    assert "bj-admin-banner" not in admin_client.get("/admin/").content.decode()
