"""The processes page_benchmark starts: gunicorn app servers and a throwaway redis-server,
each in a process group of its own so that stopping it stops its workers too."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError

READY_SECONDS = 60


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require(program, install):
    if not shutil.which(program):
        raise CommandError(f"{program} is not installed: run `{install}`, then try again.")


def venv_bin(name):
    """A program of the virtualenv this command runs in (gunicorn), shared by both trees."""
    return str(Path(sys.executable).parent / name)


@dataclass
class Process:
    label: str
    command: list
    log: Path
    env: dict = field(default_factory=dict)
    cwd: Path | None = None
    popen: subprocess.Popen | None = None

    def start(self):
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603
                self.command,
                cwd=self.cwd,
                env=self.env or None,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a group of its own: Ctrl-C goes to us, we stop it
            )
        return self

    @property
    def pid(self):
        return self.popen.pid

    def log_tail(self, lines=15):
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def check_alive(self):
        if self.popen.poll() is not None:
            raise CommandError(
                f"{self.label} exited with status {self.popen.returncode}. The end of its log "
                f"({self.log}):\n{self.log_tail()}"
            )

    def stop(self, grace=10):
        if self.popen is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)
        # Workers outlive a master killed hard; the group still names them.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)


def redis(port, log):
    return Process(
        label=f"redis-server on port {port}",
        command=["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
        log=log,
    )  # fmt: skip


# The deployed servers' settings (timeouts, graceful restart, forwarded headers), from this
# tree even when the server runs another commit's; the address, workers, worker class, log
# level and worker recycling below override it, and no access log is written under load.
GUNICORN_CONFIG = Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"


def gunicorn(label, tree, port, workers, env, log):
    return Process(
        label=f"gunicorn for {label} on port {port}",
        command=[
            venv_bin("gunicorn"), "config.wsgi:application", "--config", str(GUNICORN_CONFIG),
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "sync", "--log-level", "warning", "--chdir", str(tree),
            # No recycling under load: a replaced worker's processor time would leave the
            # tree being measured, and its first requests would be cold.
            "--max-requests", "0",
        ],
        log=log, env={**(env or os.environ), "GUNICORN_ACCESS_LOG": "off"}, cwd=tree,
    )  # fmt: skip


def wait_for_port(process, port, seconds=READY_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process.check_alive()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise CommandError(f"{process.label} did not listen within {seconds} s: see {process.log}.")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, timeout=30):
    """(status, headers) of one GET, redirects not followed."""
    try:
        with _opener.open(url, timeout=timeout) as response:
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers
