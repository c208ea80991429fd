"""Fixtures every app's tests share: media in a temp folder, clean caches, a page tree,
Playwright driving Debian's Chromium (never a downloaded browser), and a browser test that
fails when the Content-Security-Policy refused anything on any of its pages."""

import contextlib
import os
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from playwright.sync_api import Error as PlaywrightError

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


class CspViolations(list):
    """What the Content-Security-Policy refused in the pages of one browser test."""

    def __init__(self, browser):
        super().__init__()
        self.browser = browser

    def watch(self, context):
        # Every frame of every page reports the violation event through a binding, which
        # survives navigations; Chromium's own "Refused to …" console errors count too.
        context.expose_function("__bjCspViolation", self._report)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)
        return context

    def _report(self, text):
        self.append(text)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.append(message.text)

    def flush(self):
        """Take in the reports still on their way: one round trip to each open context."""
        for context in self.browser.contexts:
            with contextlib.suppress(PlaywrightError):
                context.cookies()


CSP_VIOLATIONS = pytest.StashKey[CspViolations]()
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__bjCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} in ` +
      `${event.documentURI} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`
  );
});
"""


@pytest.fixture(autouse=True)
def csp_violations(request):
    """Watches every browser context a browser test opens (through ``page``, ``context``,
    ``browser.new_context()`` or ``browser.new_page()``); ``pytest_runtest_call`` below fails
    the test if anything was refused. A test that means to cause a violation asks for this
    fixture and empties it."""
    if not {"browser", "context", "page"} & set(request.fixturenames):
        yield None
        return
    browser = request.getfixturevalue("browser")
    violations = request.node.stash[CSP_VIOLATIONS] = CspViolations(browser)
    new_context, new_page = browser.new_context, browser.new_page

    def watched_new_page(**kwargs):
        page = new_page(**kwargs)
        violations.watch(page.context)
        return page

    browser.new_context = lambda **kwargs: violations.watch(new_context(**kwargs))
    browser.new_page = watched_new_page
    yield violations
    del browser.new_context, browser.new_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    violations = item.stash.get(CSP_VIOLATIONS, None)
    if violations is not None:
        violations.flush()
        if violations:
            pytest.fail(
                "The Content-Security-Policy refused:\n" + "\n".join(violations), pytrace=False
            )
    return result


def pytest_terminal_summary(terminalreporter):
    """The figures tests recorded (``record_property("figures", text)``), listed after the
    run: they show in a normal run, not only with ``-s``, and come from xdist workers too."""
    figures = [
        f"{report.nodeid}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "figures"
    ]
    if figures:
        terminalreporter.section("figures")
        for line in figures:
            terminalreporter.write_line(line)
