"""Real servers on loopback for tests that need more than one process: a Redis of the test's
own, a database the servers share (a copy of this worker's test database's kind: a SQLite
file, or a PostgreSQL database of its own), and app servers under gunicorn.

The app servers run the test settings (no collectstatic needed) with ``REDIS_URL`` set: the
page cache's rules are the same as in production, and the production settings are served
and timed by ``manage.py page_benchmark``.
"""

import contextlib
import http.cookiejar
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.db import connection

from bench import servers
from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@contextlib.contextmanager
def redis_server():
    """A Redis on a free loopback port that keeps nothing on disk; yields its URL."""
    servers.require("redis-server", "apt-get install redis-server")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = servers.redis(port, Path(folder) / "redis.log").start()
        try:
            servers.wait_for_port(process, port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.stop()


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


def manage(env, *arguments, settings="config.settings.test"):
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


@contextlib.contextmanager
def app_server(env):
    """One app server (gunicorn, one sync worker) on a free loopback port; yields its base URL."""
    port = free_port()
    log = Path(env["MEDIA_ROOT"]).parent / f"gunicorn-{port}.log"
    settings = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = servers.gunicorn("a test", ROOT, port, 1, settings, log).start()
    try:
        servers.wait_for_port(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stop()


def servers_environment(tmp_path, redis_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "PAGE_CACHE"))
    }
    env.update(
        DATABASE_URL=database_url(tmp_path),
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


class Client:
    """A visitor: their own cookies, every request over a real socket to the server at
    ``base`` under the site's one host name, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, path, data=None, method=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (self.base is an http:// loopback address)
            self.base + path,
            data=body,
            method=method,
            headers={"Host": SITE_HOST, **(headers or {})},
        )
        if body is not None:
            request.add_header("Origin", f"http://{SITE_HOST}")
            request.add_header("Referer", f"http://{SITE_HOST}{path}")
        try:
            reply = self.opener.open(request, timeout=30)
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

    def post(self, path, data):
        return self.request(path, data=data, method="POST")

    def sign_in(self, username, password):
        form = FormFields.of(self.get("/admin/login/").text, "login")
        reply = self.post("/admin/login/", {**form, "username": username, "password": password})
        if reply.status != 302:
            raise AssertionError(f"signing in as {username} failed ({reply.status})")


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
