"""Fixtures every app's tests share: media in a temp folder, clean caches, a page tree,
and Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import time
from pathlib import Path

import pytest
from django.core.cache import caches

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# there by fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the migrated state that transactional (browser) tests restore with
    ``serialized_rollback`` where every connection object can find it.

    Django keeps it on the connection object, but ``connections`` is context-local and
    Playwright's sync API runs tests in greenlets with their own context: there a fresh
    connection object appears without it, and the restore silently does nothing (the
    groups, home page and workflow made by migrations are then missing)."""
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            type(connection)._test_serialized_contents = contents
    return django_db_setup


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _clear_caches():
    yield
    for cache in caches.all():
        cache.clear()
    from blog.rendering import recent_renders

    recent_renders.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM_PATH to run the browser tests."
        )
        if os.environ.get("BJ_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " BJ_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _browser_pages_closed_before_the_database_is_emptied(request):
    """A browser test's pages are closed, and the admin's editing-session "release" request
    each editor page sends as it closes is answered, before the test's data is flushed.

    The live server outlives the test: an editor page left open goes on pinging it every
    few seconds, and a release that arrives during the flush of a transactional test holds
    SQLite's lock ("database table is locked") and fails that test or the next one."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("live_server")  # torn down after this fixture
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()
    from wagtail.admin.models import EditingSession

    deadline = time.monotonic() + 5
    while EditingSession.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
