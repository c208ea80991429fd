"""What hostile Markdown costs the site: its writer's answer, and the readers' meanwhile.

Serves the site as production does (gunicorn, 2 sync workers, production settings, DEBUG
off) on a throwaway SQLite database, then for each shape of pathological Markdown of about
100 KB sends a save through the API, a save through the admin's edit form and an admin
preview, as a contributor, while a reader keeps requesting a story page. It prints how long
each write took to answer and with what status, and the readers' latency before (alone) and
during the hostile writes.

    .venv/bin/python scripts/hostile_markdown.py [--workers 2] [--size 100000]
"""

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mellow-otter-carries-lanterns"  # noqa: S105 (the throwaway account's password)
# Services this run must not touch: it uses none of them.
UNSHARED = {"REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "OPENSEARCH_URL", "ELASTICSEARCH_URL"}
UNSHARED |= {"EMAIL_HOST"}
# Services this run must not touch: it uses none of them.
UNSHARED = {"REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "OPENSEARCH_URL", "ELASTICSEARCH_URL"}
UNSHARED |= {"EMAIL_HOST"}


def shapes(size):
    half = size // 2
    return {
        "nested brackets": "[" * half + "x" + "]" * half,
        "link openers": "[a](" * (size // 4),
        "emphasis runs": "*" * half + "x" + "*" * half,
        "mixed emphasis": "*_" * (size // 4) + "x" + "_*" * (size // 4),
        "deep list": "".join("    " * (n % 300) + "- x\n" for n in range(size // 600)),
        "deep quotes": "".join("> " * (n % 300) + "- x\n" for n in range(size // 300)),
        "brackets on lines": "[\n" * half,
        "backticks": "`" * size,
    }


def _environment(database):
    env = {key: value for key, value in os.environ.items() if key not in UNSHARED}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(Path(database).parent / "media"),
        LOG_LEVEL="ERROR",
    )
    return env


def _prepare(env):
    """Migrate, collect static files, and make a contributor with a draft and a token."""
    python = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [python, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=env, check=True
        )
    script = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import APIToken
from blog.tests import factories as f
from editorial.roles import CONTRIBUTORS
user = get_user_model().objects.create_user("writer", "writer@example.com", {PASSWORD!r})
user.groups.add(Group.objects.get(name=CONTRIBUTORS))
profile = f.author(name="Writer", user=user)
draft = f.story(title="My draft", authors=[profile], live=False, owner=user)
story = f.story(title="A published story", authors=[profile])
token = APIToken.create_token(user=user, name="hostile")[1]
print(draft.pk, story.url, token)
"""
    out = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [python, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return int(out[-3]), out[-2], out[-1]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env, port, workers):
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Session:
    """A signed-in admin session: its cookies and CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        _, _, body = self.get("/admin/login/")
        token = self._csrf(body)
        data = {"csrfmiddlewaretoken": token, "username": "writer", "password": PASSWORD}
        status, _, _ = self.post("/admin/login/", data)
        if status != 302:
            raise SystemExit(f"Signing in answered {status}")

    @staticmethod
    def _csrf(body):
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()

    def _headers(self):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Referer": f"http://127.0.0.1:{self.port}/admin/"}

    def _keep(self, headers):
        for name, value in headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]

    def get(self, path):
        status, headers, body = request(self.port, "GET", path, headers=self._headers())
        self._keep(headers)
        return status, headers, body

    def post(self, path, data):
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        body = urllib.parse.urlencode(data, doseq=True)
        status, answer_headers, content = request(self.port, "POST", path, body, headers)
        self._keep(answer_headers)
        return status, answer_headers, content

    def edit_form(self, page_id):
        from editorial.tests.admin_forms import form_fields

        _, _, body = self.get(f"/admin/pages/{page_id}/edit/")
        return form_fields(body.decode(), "form#page-edit-form")


class Reader(threading.Thread):
    """Requests one page again and again, recording each answer's time, until stopped."""

    def __init__(self, port, path):
        super().__init__(daemon=True)
        self.port, self.path = port, path
        self.times, self.errors = [], 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            started = time.perf_counter()
            status, _, _ = request(self.port, "GET", self.path)
            self.times.append(time.perf_counter() - started)
            self.errors += status != 200
            time.sleep(0.05)


def _latency(label, times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    p50 = statistics.median(times)
    print(
        f"readers {label:<8} {len(times):>4} requests  p50 {p50 * 1000:6.0f} ms"
        f"  p95 {p95 * 1000:6.0f} ms  max {ordered[-1] * 1000:6.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--size", type=int, default=100_000, help="characters per text")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    with tempfile.TemporaryDirectory() as folder:
        env = _environment(Path(folder) / "hostile.sqlite3")
        os.environ.update(env)
        import django

        django.setup()
        print("Preparing a throwaway site (migrate, collectstatic)…", flush=True)
        draft_id, story_path, token = _prepare(env)
        port = _free_port()
        server = _serve(env, port, options.workers)
        try:
            session = Session(port)
            api_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            request(port, "GET", story_path)  # warm up
            alone = Reader(port, story_path)
            alone.start()
            time.sleep(5)
            alone.stopped.set()
            alone.join()

            reader = Reader(port, story_path)
            reader.start()
            print(f"\n{'shape':<18} {'route':<8} {'status':>6} {'seconds':>8}  answer")
            for name, text in shapes(options.size).items():
                form = session.edit_form(draft_id)  # fetched before the clock starts
                writes = [
                    ("api", lambda text=text: request(
                        port, "PATCH", f"/api/v3/pages/{draft_id}/",
                        json.dumps({"body": text}), api_headers,
                    )),
                    ("save", lambda text=text, form=form: session.post(
                        f"/admin/pages/{draft_id}/edit/", {**form, "body": text},
                    )),
                    ("preview", lambda text=text, form=form: session.post(
                        f"/admin/pages/{draft_id}/edit/preview/", {**form, "body": text},
                    )),
                ]  # fmt: skip
                for route, write in writes:
                    started = time.perf_counter()
                    status, _, body = write()
                    elapsed = time.perf_counter() - started
                    found = re.search(rb"This text could not be formatted: [^.<\"]*", body)
                    answer = found.group().decode() if found else body[:60].decode(errors="replace")
                    print(f"{name:<18} {route:<8} {status:>6} {elapsed:>8.2f}  {answer[:70]}")
            reader.stopped.set()
            reader.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print()
    _latency("alone", alone.times)
    _latency("during", reader.times)
    print(f"reader errors: {alone.errors + reader.errors}")


if __name__ == "__main__":
    main()
