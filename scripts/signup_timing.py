"""How long "Write for us" takes to answer a sign-up, for each kind of address.

A sign-up must not tell whether an address has an account, not even by its time. This
script serves the site over real HTTP in this process, with the production settings (and so
the production password hasher), on a throwaway SQLite database, and posts sign-ups for four
kinds of address, interleaved: one of each per round, in a shuffled order, so that whatever
else the machine is doing weighs on every kind alike. It prints the median time per kind, how
far each is from the fastest, and the median of each sign-up's time against its own round's
mean ("vs round": what is left when the machine's load changes from round to round).

- new: an address nobody has used (a fresh one every time);
- pending: signed up, link not followed yet (each sign-up replaces its password);
- active: an account that can sign in;
- deactivated: an account an administrator switched off.

Mail goes to a backend that takes --mail-ms per message, as an SMTP server does, so a
message sent before the answer would show in its time. The sign-up limits are lifted in this
process only. Nothing outside a temporary folder is touched.

    .venv/bin/python scripts/signup_timing.py [--rounds 20] [--mail-ms 200]
"""

import argparse
import http.client
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("new", "pending", "active", "deactivated")
PASSWORD = "mellow-otter-carries-lanterns"  # noqa: S105 (the throwaway accounts' password)


class SlowMailBackend:
    """Stands in for an SMTP server: every message takes ``MAIL_SECONDS`` to hand over."""

    MAIL_SECONDS = 0.2
    sent = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        time.sleep(self.MAIL_SECONDS * len(messages))
        SlowMailBackend.sent += len(messages)
        return len(messages)


def _configure(database):
    """Production settings, pointed at a throwaway database and at nothing shared."""
    sys.path.insert(0, str(ROOT))
    for variable in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "OPENSEARCH_URL",
                     "ELASTICSEARCH_URL", "EMAIL_HOST"):  # fmt: skip
        os.environ.pop(variable, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="WARNING",
    )
    # WhiteNoise looks for collected static files, which a sign-up does not need.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.test.utils import override_settings

    override_settings(
        EMAIL_BACKEND=f"{__name__}.SlowMailBackend",
        # Templates name static files; production's manifest needs collectstatic first.
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    ).enable()


def _prepare():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from accounts import throttle
    from accounts.models import ContributorSignup

    call_command("migrate", verbosity=0)
    throttle.ADDRESS_LIMIT = throttle.IP_LIMIT = 10**9
    User = get_user_model()
    pending = User.objects.create_user("pending@example.com", "pending@example.com", PASSWORD)
    pending.is_active = False
    pending.save()
    ContributorSignup.objects.create(user=pending)
    User.objects.create_user("active@example.com", "active@example.com", PASSWORD)
    off = User.objects.create_user(
        "deactivated@example.com", "deactivated@example.com", PASSWORD, is_active=False
    )
    ContributorSignup.objects.create(user=off, confirmed_at=timezone.now())
    return settings.PASSWORD_HASHERS[0]


def _serve():
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Browser:
    """One client with its CSRF cookie, posting the sign-up form over HTTP."""

    def __init__(self, port):
        self.port = port
        status, headers, body = self._request("GET", "/write-for-us/")
        if status != 200:
            raise SystemExit(f"The sign-up page answered {status}.")
        cookie = next(v for k, v in headers if k.lower() == "set-cookie" and "csrftoken" in v)
        self.cookie = cookie.split(";", 1)[0]
        self.token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()

    def _request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def sign_up(self, email):
        """Post one sign-up; return (seconds until the whole answer arrived, answer)."""
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": self.token, "name": "Ada Lovelace", "email": email,
            "password": PASSWORD, "password_confirm": PASSWORD, "honeypot": "",
        })  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        started = time.perf_counter()
        status, answer_headers, content = self._request("POST", "/write-for-us/", body, headers)
        elapsed = time.perf_counter() - started
        location = {k.lower(): v for k, v in answer_headers}.get("location")
        return elapsed, (status, location, content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="sign-ups per kind (default 20)")
    parser.add_argument(
        "--mail-ms", type=int, default=200, help="time an SMTP server takes per message"
    )
    options = parser.parse_args()
    SlowMailBackend.MAIL_SECONDS = options.mail_ms / 1000

    with tempfile.TemporaryDirectory() as folder:
        _configure(Path(folder) / "timing.sqlite3")
        hasher = _prepare()
        server = _serve()
        browser = Browser(server.server_port)
        addresses = {
            "pending": lambda n: "pending@example.com",
            "active": lambda n: "active@example.com",
            "deactivated": lambda n: "deactivated@example.com",
            "new": lambda n: f"new-{n}@example.com",
        }
        for case in CASES:  # warm up: first requests load templates and password lists
            browser.sign_up(addresses[case](-1))
        times = {case: [] for case in CASES}
        answers = set()
        order = list(CASES)
        for n in range(options.rounds):
            random.shuffle(order)
            for case in order:
                elapsed, answer = browser.sign_up(addresses[case](n))
                times[case].append(elapsed)
                answers.add(answer)
        server.shutdown()

    medians = {case: statistics.median(values) for case, values in times.items()}
    # Paired: each sign-up against the mean of its own round, which cancels the load other
    # processes put on the machine from one round to the next.
    round_means = [statistics.mean(times[case][n] for case in CASES) for n in range(options.rounds)]
    paired = {
        case: statistics.median(t / mean for t, mean in zip(times[case], round_means, strict=True))
        for case in CASES
    }
    fastest = min(medians.values())
    print(f"Sign-up answer times over HTTP, {options.rounds} interleaved rounds")
    print(f"hasher: {hasher}; mail: {options.mail_ms} ms per message")
    header = f"{'address':<12} {'median':>9} {'min':>9} {'max':>9} {'vs fastest':>11}"
    print(f"{header} {'vs round':>9}")
    for case in CASES:
        values = times[case]
        print(
            f"{case:<12} {medians[case] * 1000:>7.0f}ms {min(values) * 1000:>7.0f}ms "
            f"{max(values) * 1000:>7.0f}ms {(medians[case] / fastest - 1) * 100:>+10.1f}% "
            f"{(paired[case] - 1) * 100:>+8.1f}%"
        )
    spread = (max(medians.values()) / fastest - 1) * 100
    print(f"largest difference between medians: {spread:.1f}%")
    print(f"distinct answers (status, Location, body): {len(answers)}")
    print(f"messages sent: {SlowMailBackend.sent}")


if __name__ == "__main__":
    main()
