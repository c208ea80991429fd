"""Real servers on loopback for tests that need more than one process: a Redis of the test's
own, a database the servers share (a copy of this worker's test database's kind: a SQLite
file, or a PostgreSQL database of its own), app servers under gunicorn and background
workers (``manage.py run_worker``); then a visitor (``Client``) that speaks to them over real
sockets.

The app servers run the test settings (no collectstatic needed) with ``REDIS_URL`` set: the
page cache's rules are the same as in production, and the production settings are served
and timed by ``manage.py page_benchmark``. A test may ask for the production settings
(``PRODUCTION``): behind a load balancer that ends TLS, as ``health/tests/test_load_balanced.py``
runs them. Each server keeps its port when stopped and started again, as a load balancer in
front of it expects.
"""

import contextlib
import http.cookiejar
import mimetypes
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.db import connection

from bench import servers
from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
TEST_SETTINGS = "config.settings.test"
PRODUCTION = "config.settings.production"


@dataclass
class LoopbackServer:
    """A server on a loopback port of its own that a test may stop and start again: the port
    stays the same, as a load balancer (or a client) in front of it expects."""

    process_on: Callable[[int], servers.Process]  # the process to start on a port
    url_format: str = "http://127.0.0.1:{port}"
    port: int = field(default_factory=free_port)
    process: servers.Process | None = None

    @property
    def url(self):
        return self.url_format.format(port=self.port)

    def start(self):
        """Start, and return once the port takes connections."""
        self.process = self.process_on(self.port).start()
        servers.wait_for_port(self.process, self.port)
        return self

    def stop(self):
        """SIGTERM to the process group (gunicorn finishes the requests it has begun),
        SIGKILL what is left after a grace period."""
        if self.process is not None:
            self.process.stop()


@contextlib.contextmanager
def running(server):
    server.start()
    try:
        yield server
    finally:
        server.stop()


def redis(folder):
    """A Redis that keeps nothing on disk, its log in ``folder``."""
    servers.require("redis-server", "apt-get install redis-server")
    return LoopbackServer(
        lambda port: servers.redis(port, Path(folder) / f"redis-{port}.log"),
        url_format="redis://127.0.0.1:{port}/0",
    )


@contextlib.contextmanager
def redis_server():
    """A Redis on a free loopback port that keeps nothing on disk; yields its URL."""
    with tempfile.TemporaryDirectory() as folder, running(redis(folder)) as server:
        yield server.url


def database_url(tmp_path):
    """A new, empty database of the servers' own, of the same kind as this test run's."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'servers.sqlite3'}"
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_servers"
    dsn = (
        f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
    )
    if params.get("PASSWORD"):
        dsn += f" password={params['PASSWORD']}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{name}"


def manage(env, *arguments, settings=TEST_SETTINGS):
    """Run ``manage.py`` against the servers' database; fails with its output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def app(env, *, settings=TEST_SETTINGS, workers=1):
    """An app server (gunicorn, sync workers) on a free loopback port, its log beside the
    media folder."""

    def process_on(port):
        log = Path(env["MEDIA_ROOT"]).parent / f"gunicorn-{port}.log"
        with_settings = {**env, "DJANGO_SETTINGS_MODULE": settings}
        return servers.gunicorn("a test", ROOT, port, workers, with_settings, log)

    return LoopbackServer(process_on)


def worker(env, name, *, settings=TEST_SETTINGS, interval=60):
    """``manage.py run_worker``: the task queue as tasks come, scheduled publishing every
    ``interval`` seconds; its log beside the media folder. ``stop()`` sends SIGTERM, which
    lets the task it runs finish."""
    return servers.Process(
        label=f"run_worker {name}",
        command=[PYTHON, "manage.py", "run_worker", "--interval", str(interval)],
        log=Path(env["MEDIA_ROOT"]).parent / f"worker-{name}.log",
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        cwd=ROOT,
    )


@contextlib.contextmanager
def app_server(env, **options):
    """One app server on a free loopback port; yields its base URL."""
    with running(app(env, **options)) as server:
        yield server.url


def servers_environment(tmp_path, redis_url, *, database=None):
    """The app servers' environment: this one's, less the test run's settings, with the
    database (a new one on this run's database server unless given), Redis and media."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "PAGE_CACHE"))
    }
    env.update(
        DATABASE_URL=database or database_url(tmp_path),
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    return env


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    cookies_set: list = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The one name readers use for the site, whichever server the load balancer picks.
SITE_HOST = "localhost"


class _TlsEndedAtTheLoadBalancer(http.cookiejar.DefaultCookiePolicy):
    """The site is on HTTPS, and TLS ends at the load balancer: a client standing in for the
    load balancer at an app server's plain-HTTP address still sends the Secure cookies."""

    def return_ok_secure(self, cookie, request):
        return True


class Client:
    """A visitor: their own cookies, every request over a real socket to the server at
    ``base`` under the site's one host name, redirects not followed.

    ``https``: the site is served over HTTPS (the production settings): the forms' Origin
    is ``https://``, and a plain-HTTP ``base`` (an app server's own address) gets the
    ``X-Forwarded-Proto: https`` a load balancer sends. An ``https://`` base is checked
    against ``context`` (an ``ssl.SSLContext`` that trusts its certificate). ``cookies``: a
    jar shared with another client, the same browser speaking to another address."""

    def __init__(self, base, *, https=False, context=None, cookies=None):
        self.base = base
        self.scheme = "https" if https else "http"
        self.cookies = cookies
        if self.cookies is None:
            policy = _TlsEndedAtTheLoadBalancer() if https else None
            self.cookies = http.cookiejar.CookieJar(policy)
        self.headers = {"Host": SITE_HOST}
        if https and base.startswith("http://"):
            self.headers["X-Forwarded-Proto"] = "https"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=context),
            _NoRedirect,
        )

    def request(self, path, data=None, method=None, headers=None, files=None, timeout=30):
        body, content_type = _body(data, files)
        request = urllib.request.Request(  # noqa: S310 (self.base is a loopback address)
            self.base + path,
            data=body,
            method=method,
            headers={**self.headers, **(headers or {})},
        )
        if body is not None:
            request.add_header("Content-Type", content_type)
            request.add_header("Origin", f"{self.scheme}://{SITE_HOST}")
            request.add_header("Referer", f"{self.scheme}://{SITE_HOST}{path}")
        try:
            reply = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            reply = error
        with reply:
            return Response(
                status=reply.status,
                headers={name.lower(): value for name, value in reply.headers.items()},
                text=reply.read().decode("utf-8", "replace"),
                cookies_set=reply.headers.get_all("Set-Cookie") or [],
            )

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, files=None):
        """``files``: {field name: (file name, bytes)}, sent as a browser sends a file."""
        return self.request(path, data=data, method="POST", files=files)

    def sign_in(self, username, password):
        form = FormFields.of(self.get("/admin/login/").text, "login")
        reply = self.post("/admin/login/", {**form, "username": username, "password": password})
        if reply.status != 302:
            raise AssertionError(f"signing in as {username} failed ({reply.status})")


def _body(data, files):
    """The request body and its type: a form, or multipart/form-data when it sends files."""
    if not files:
        if data is None:
            return None, None
        return urllib.parse.urlencode(data, doseq=True).encode(), (
            "application/x-www-form-urlencoded"
        )
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in (data or {}).items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, (filename, content) in files.items():
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class FormFields(HTMLParser):
    """What a browser would send for a page's form: its inputs, text areas and selects."""

    def __init__(self, action_part):
        super().__init__()
        self.action_part = action_part
        self.inside = False
        self.values = []
        self._textarea = None
        self._select = None

    @classmethod
    def of(cls, html, action_part):
        parser = cls(action_part)
        parser.feed(html)
        return parser.as_data()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.inside or self.action_part in (attrs.get("action") or "")
        elif self.inside:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if tag == "input" and name and not attrs.get("disabled"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image"}:
                self.values.append(
                    (name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select.setdefault("first", value)
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.values.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and "first" in select:
                chosen = [select["first"]]  # a browser sends a single select's first option
            self.values.extend((select["name"], value) for value in chosen)

    def as_data(self):
        data = {}
        for name, value in self.values:
            data.setdefault(name, []).append(value)
        return data


# The demo's editor, and what an editor does through the admin.
EDITOR = ("editor", "journeys-editor-demo")
# Run with the servers' settings: the demo's editor gets a password their hasher reads; then
# the stories.
PREPARE = """
import json
from django.contrib.auth import get_user_model
from blog.models import JourneyStoryPage
editor = get_user_model().objects.get(username="editor")
editor.set_password("journeys-editor-demo")
editor.save()
pages = JourneyStoryPage.objects.live().order_by("pk")[:5]
print(json.dumps([{"id": p.pk, "url": p.url, "title": p.title} for p in pages]))
"""


def cached_twice(base, path, **client_options):
    """Read ``path`` as a new reader until the page cache answers it; the page's text."""
    reader = Client(base, **client_options)
    reader.get(path)
    reply = reader.get(path)
    assert reply.status == 200
    assert reply.headers["x-page-cache"] == "hit"
    return reply.text


def editor_form(editor, path, action_part):
    reply = editor.get(path)
    assert reply.status == 200, f"{path} answered {reply.status}"
    return FormFields.of(reply.text, action_part)


def publish_title(editor, page_id, title, *, action="action-publish"):
    form = editor_form(editor, f"/admin/pages/{page_id}/edit/", f"/pages/{page_id}/edit/")
    form["title"] = [title]
    if action:
        form[action] = [action]
    reply = editor.post(f"/admin/pages/{page_id}/edit/", form)
    assert reply.status == 302, f"the edit form answered {reply.status}: {reply.text[:2000]}"
