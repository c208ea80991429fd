"""Fixtures for the media tests: a moto S3 server for the session, one this test may stop,
the storages pointed at a bucket of the test's own, and the people who ask for files."""

import logging
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from editorial.roles import CONTRIBUTORS, EDITORS

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


@pytest.fixture
def people(django_user_model):
    """Two contributors, an editor, each with a signed-in client of their own, and a
    reader's (anonymous) client."""
    people = SimpleNamespace(reader=Client())
    for name, group in [("ann", CONTRIBUTORS), ("ben", CONTRIBUTORS), ("eve", EDITORS)]:
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-12345678")
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        setattr(people, name, user)
        setattr(people, f"{name}_client", client)
    return people
