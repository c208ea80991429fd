"""`manage.py release` with the production settings on a new database (a SQLite file, or a
PostgreSQL database of its own when the suite runs on PostgreSQL) and a real S3 API (moto):
a dry run changes nothing, the first run does everything, the second changes nothing and
says so."""

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from pagecache.tests.servers import database_url
from uploads.bucket_policy import public_statement
from uploads.tests.helpers import CREDENTIALS, REGION, S3Server

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jd9-qP2vXz8LwT5nR7yB1cF6hG4mS0aE_uIoZxQ2wV9tY3rN8pL5kJ7hD1sA6f"
BUCKET = "bj-release-media"


@pytest.fixture
def s3():
    server = S3Server().start()
    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield server, client
    server.stop()


@pytest.fixture
def release(s3, tmp_path):
    server, _client = s3
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "BENCH", "REDIS_URL", "PAGE_CACHE", "PYTEST_"))
    }
    env.update(
        CREDENTIALS,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=database_url(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=server.endpoint,
        AWS_S3_REGION_NAME=REGION,
    )

    def run(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", "release", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    return run


def static_files(folder):
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def bucket_policy(client):
    try:
        return json.loads(client.get_bucket_policy(Bucket=BUCKET)["Policy"])
    except client.exceptions.ClientError:
        return None


def test_a_second_release_changes_nothing(release, s3, tmp_path):
    _server, client = s3

    dry = release("--dry-run", "--bucket-policy")
    assert "Checks (--deploy): no issues." in dry
    assert "Migrations: " in dry and " to apply." in dry
    assert "Bucket policy (public/ readable): 1 to put on." in dry
    assert "Dry run: " in dry and "would be made, none was." in dry
    assert bucket_policy(client) is None
    assert not (tmp_path / "static").exists()
    assert release("--dry-run").count("to apply") == 1  # the dry run applied nothing

    first = release("--bucket-policy")
    assert "Migrations: " in first and " applied." in first
    assert "Static files: " in first and " copied." in first
    assert f"Bucket policy (public/ readable): 1 put on.\n  {BUCKET}\n" in first
    assert "Released: " in first and "change(s) made." in first
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert bucket_policy(client)["Statement"] == [public_statement(BUCKET)]

    written = static_files(tmp_path / "static")
    second = release("--bucket-policy")
    # Not a file rewritten: in the image they belong to root, not to the user running this.
    assert static_files(tmp_path / "static") == written
    assert second.splitlines() == [
        "Checks (--deploy): no issues.",
        "Migrations: none to apply.",
        "Cache tables: none to create.",
        "Static files: none to copy.",
        "Bucket policy (public/ readable): none to put on.",
        "Released: nothing changed (already up to date).",
    ]


def test_a_bucket_policy_without_s3_is_refused_before_anything():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=r"media is not on S3.*Nothing was changed"):
        call_command("release", "--bucket-policy")
