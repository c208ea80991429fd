"""Fixtures for the media tests: a moto S3 server for the session, one this test may stop,
and the storages pointed at a bucket of the test's own."""

import logging

import pytest

from .helpers import S3, S3Server


@pytest.fixture(scope="session")
def s3_server():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no log line per request
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def own_s3_server():
    """A moto server of this test's own, which it may stop: the store going down."""
    server = S3Server().start()
    yield server
    server.stop()  # a second stop is harmless


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """Media on S3 for one test, in a bucket of its own."""
    s3 = S3(server=s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    return s3
