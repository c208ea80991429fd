"""Lighthouse (pinned in ``tools/lighthouse/``) against the site as production serves it.

The site: a SQLite file of its own with the demo content (``load_demo_content``), the
production settings, gunicorn, and WhiteNoise's compressed, hashed static files after
``collectstatic`` (``blog/tests/lighthouse_wsgi.py`` adds the pictures, which production keeps
in S3). Not the test's ``live_server``: that serves static files uncompressed, without their
cache headers, through Django's development handler, and Lighthouse's performance score
depends on what a reader's browser is sent. The page cache is off, as in production without
Redis: every page is rendered for the reader.

Used by ``test_lighthouse_browser.py`` (and so by ``make lighthouse``).
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench import servers
from conftest import CHROMIUM, CHROMIUM_ARGS
from pagecache.tests.servers import PRODUCTION, ROOT, manage, servers_environment

TOOLS = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
INSTALL = "install Node.js and npm (apt-get install nodejs npm), then `make lighthouse-deps`"
RUN_SECONDS = 120

# Run once in the site's own settings (one process: each manage.py costs seconds): the
# database, the demo content, the static files; then the pages measured, found in the demo
# content: a story, a tutorial in a series.
PREPARE = """
import json
from django.core.management import call_command
from blog.models import JourneyStoryPage, TutorialPage
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo_content", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
story = JourneyStoryPage.objects.visible().order_by("pk").first()
tutorial = TutorialPage.objects.visible().exclude(series=None).order_by("pk").first()
print(json.dumps({"story": story.url, "tutorial": tutorial.url}))
"""


def missing():
    """Why Lighthouse cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not shutil.which("node"):
        return f"node not found: {INSTALL}"
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed in {TOOLS}: {INSTALL}"
    return None


@dataclass
class Site:
    url: str
    paths: dict  # what each measured page is: its path


@contextlib.contextmanager
def production_site(folder):
    """The demo site under gunicorn with the production settings on a free loopback port."""
    folder = Path(folder)
    env = servers_environment(folder, "", database=f"sqlite:///{folder / 'site.sqlite3'}")
    env.update(
        DJANGO_SECRET_KEY="lighthouse-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Served on plain HTTP on loopback: no TLS in front to redirect to. Browsers and
        # Lighthouse count 127.0.0.1 as a secure origin.
        DJANGO_SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(folder / "static"),
        GUNICORN_ACCESS_LOG="off",
    )
    # The search index is written by tasks (Wagtail's), which production's worker runs: here
    # they run as the demo is loaded, as if the worker had caught up.
    env["TASK_BACKEND"] = "immediate"
    output = manage(env, "shell", "-c", PREPARE, settings=PRODUCTION)
    found = json.loads(output.splitlines()[-1])
    del env["TASK_BACKEND"]
    port = servers.free_port()
    server = servers.Process(
        label=f"gunicorn on port {port}",
        command=[
            servers.venv_bin("gunicorn"), "blog.tests.lighthouse_wsgi:application",
            "--config", str(servers.GUNICORN_CONFIG), "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--chdir", str(ROOT),
        ],
        log=folder / "gunicorn.log",
        env={**env, "DJANGO_SETTINGS_MODULE": PRODUCTION},
        cwd=ROOT,
    )  # fmt: skip
    server.start()
    try:
        servers.wait_for_port(server, port)
        paths = {
            "home": "/",
            "story": found["story"],
            "tutorial": found["tutorial"],
            "search": "/search/?q=django",
        }
        yield Site(url=f"http://127.0.0.1:{port}", paths=paths)
    finally:
        server.stop()


def fetch(url):
    """(status, text) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def audit(url, output, *, desktop=False):
    """Lighthouse's report on one page, as a dict; mobile (its default) unless ``desktop``."""
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        "--disable-full-page-screenshot",  # seconds, and no audit scores it
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]  # fmt: skip
    if desktop:
        command.append("--preset=desktop")
    process = subprocess.Popen(
        command,
        cwd=TOOLS,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its Chromium too is stopped with the group on a timeout
    )
    try:
        log, _ = process.communicate(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"Lighthouse took over {RUN_SECONDS} s on {url}") from None
    if process.returncode:
        raise AssertionError(f"Lighthouse failed on {url} ({process.returncode}):\n{log[-3000:]}")
    report = json.loads(Path(output).read_text())
    if report.get("runtimeError"):
        raise AssertionError(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report


def scores(report):
    """{category: score out of 100} as Lighthouse weighs its audits (an audit that does not
    apply weighs nothing); None when nothing is weighed."""
    result = {}
    for key, category in report["categories"].items():
        weighed = [
            (ref["weight"], report["audits"][ref["id"]]["score"])
            for ref in category["auditRefs"]
            if ref["weight"]
        ]
        weighed = [(weight, score) for weight, score in weighed if score is not None]
        total = sum(weight for weight, _ in weighed)
        result[key] = round(100 * sum(w * s for w, s in weighed) / total) if total else None
    return result


def lighthouse_scores(report):
    """The scores as Lighthouse itself reports them."""
    return {
        key: None if category["score"] is None else round(category["score"] * 100)
        for key, category in report["categories"].items()
    }


def shortfalls(report):
    """What cost points: each scored audit below full marks, by category."""
    lines = []
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(
                    f"{key}: {ref['id']} scored {audit['score']:.2f} {shown} ({audit['title']})"
                )
    return lines


def table(rows):
    """The scores as a table: one line a page, one column a category, then a note."""
    header = ["page", *CATEGORIES]
    widths = [max(len("tutorial (desktop)"), len(header[0]))] + [len(c) for c in CATEGORIES]
    lines = ["  ".join(name.ljust(width) for name, width in zip(header, widths, strict=True))]
    for name, page_scores, note in rows:
        cells = [name.ljust(widths[0])]
        for category, width in zip(CATEGORIES, widths[1:], strict=True):
            value = page_scores.get(category)
            cells.append(("-" if value is None else str(value)).rjust(width))
        if note:
            cells.append(note.strip())
        lines.append("  ".join(cells))
    return "\n".join(lines)
