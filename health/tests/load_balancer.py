"""haproxy in front of the app servers, as an operator runs it: TLS ended here, round robin,
each server probed at /healthz, and a rolling restart that drains a server before stopping it.

The configuration (``CONFIG``) carries the reasons for each choice; the test writes it to a
temporary folder with a certificate it makes, starts haproxy in the foreground and speaks
to its runtime API (a UNIX socket) to drain a server and to read the servers' states.
"""

import contextlib
import csv
import io
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

from bench import servers
from bench.servers import free_port

INSTALL = "apt-get install haproxy"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

CONFIG = """\
# Written by health/tests/load_balancer.py for one test run.
global
    # The runtime API: the rolling restart drains a server through it, and reads the
    # servers' states ("show stat") to know when one is out of use and back.
    stats socket {socket} mode 600 level admin
    maxconn 256
    # One line a request, to haproxy's standard output (the test's haproxy.log).
    log stdout format raw local0

defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    # A connection refused by a server that has just stopped is tried again (3 times), and
    # the last try goes to another server rather than the same one.
    retries 3
    option redispatch 1
    # Reads are tried again on another server when the connection fails or the server
    # closes it without answering (a worker stopped mid-request). Never a 5xx: those are
    # the application's answer and a retry would hide them. Never a POST: it may have been
    # carried out before the connection broke (see "disable-l7-retry" below).
    retry-on conn-failure empty-response response-timeout

frontend site
    # TLS ends here: the app servers see plain HTTP, and trust X-Forwarded-Proto (Django's
    # SECURE_PROXY_SSL_HEADER) and one X-Forwarded-For hop (TRUSTED_PROXY_COUNT=1), which
    # this proxy sets, replacing whatever a client sent.
    bind 127.0.0.1:{port} ssl crt {certificate}
    http-request set-header X-Forwarded-Proto https
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend web

backend web
    balance roundrobin
    http-request disable-l7-retry unless {{ method GET HEAD }}
    # /healthz answers while the process does, without the database: a PostgreSQL restart
    # must not take every server out at once (the page cache still answers readers).
    # Three failed probes a second apart take a server out, two good ones bring it back. A
    # probe waits its turn behind the readers' requests (gunicorn's sync workers answer one
    # at a time): it has 5 s, or a busy server would be taken out for being busy, and the
    # other would get its load on top of its own.
    option httpchk
    http-check send meth GET uri /healthz
    http-check expect status 200
    timeout check 5s
    default-server check inter 1s fall 3 rise 2
    # Which server answered, for the test to see that both do (and for an operator's
    # debugging: no secret in a server's name).
    http-response set-header X-Served-By %s
{servers}
"""


def certificate(folder):
    """A self-signed certificate for localhost and 127.0.0.1; its path, and a context that
    trusts it (a client checks the load balancer's certificate as a browser would)."""
    key, cert = Path(folder) / "tls.key", Path(folder) / "tls.crt"
    subprocess.run(
        [shutil.which("openssl"), "req", "-x509", "-newkey", "ec",
         "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    bundle = Path(folder) / "tls.pem"
    bundle.write_text(cert.read_text() + key.read_text())
    return bundle, ssl.create_default_context(cafile=str(cert))


class LoadBalancer:
    def __init__(self, folder, app_servers):
        """``app_servers``: {name: LoopbackServer}, in the order haproxy lists them."""
        self.folder = Path(folder)
        self.app_servers = app_servers
        self.port = free_port()
        self.socket = self.folder / "haproxy.sock"
        self.certificate, self.tls = certificate(folder)
        self.config = self.folder / "haproxy.cfg"
        self.config.write_text(
            CONFIG.format(
                socket=self.socket,
                port=self.port,
                certificate=self.certificate,
                servers="\n".join(
                    f"    server {name} 127.0.0.1:{server.port}"
                    for name, server in app_servers.items()
                ),
            )
        )
        self.process = servers.Process(
            label=f"haproxy on port {self.port}",
            command=[HAPROXY, "-f", str(self.config), "-db"],
            log=self.folder / "haproxy.log",
        )

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def start(self):
        subprocess.run([HAPROXY, "-c", "-q", "-f", str(self.config)], check=True, timeout=30)
        self.process.start()
        servers.wait_for_port(self.process, self.port)
        for name in self.app_servers:
            self.wait_for(name, "UP")
        return self

    def stop(self):
        self.process.stop()

    def command(self, line):
        """One command to the runtime API; its answer."""
        with socket.socket(socket.AF_UNIX) as api:
            api.settimeout(10)
            api.connect(str(self.socket))
            api.sendall(line.encode() + b"\n")
            answer = b""
            while chunk := api.recv(65536):
                answer += chunk
        return answer.decode()

    def states(self):
        """{server name: its row of "show stat"} for the web backend's servers."""
        text = self.command("show stat").lstrip("# ")
        return {
            row["svname"]: row
            for row in csv.DictReader(io.StringIO(text))
            if row["pxname"] == "web" and row["svname"] in self.app_servers
        }

    def wait_for(self, name, status, seconds=60, *, idle=False):
        """Until haproxy reports server ``name`` in ``status`` (and, if ``idle``, serving
        no request)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.process.check_alive()
            row = self.states()[name]
            if row["status"] == status and (not idle or row["scur"] == "0"):
                return
            time.sleep(0.1)
        raise AssertionError(f"haproxy's {name} is {row['status']}, not {status}: {row}")

    def rolling_restart(self, name, ready):
        """Restart app server ``name`` without losing a request: drain it (no new request
        goes to it) and wait for the requests it has to finish, stop it (SIGTERM: gunicorn
        finishes what it has begun), start it, wait until ``ready()`` says it serves, then
        give it back its share and wait until haproxy's own probe says it is up."""
        self.command(f"set server web/{name} state drain")
        self.wait_for(name, "DRAIN", idle=True)
        server = self.app_servers[name]
        server.stop()
        server.start()
        ready(server)
        self.command(f"set server web/{name} state ready")
        self.wait_for(name, "UP")


@contextlib.contextmanager
def load_balancer(folder, app_servers):
    balancer = LoadBalancer(folder, app_servers)
    try:
        yield balancer.start()
    finally:
        balancer.stop()
