"""A PostgreSQL cluster of the test's own (initdb, pg_ctl), on a free loopback port, that the
test may restart: the server the suite runs on is shared and never stopped.

As root, the cluster's programs run as the ``postgres`` user (PostgreSQL refuses root); its
folder is then made outside pytest's temporary folders, which only root may enter.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from bench.servers import free_port

INSTALL = "apt-get install postgresql"


def bindir():
    """PostgreSQL's server programs' folder (initdb and pg_ctl are not on Debian's PATH)."""
    pg_config = shutil.which("pg_config")
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


class Cluster:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.bin = bindir()

    def _run(self, program, *arguments):
        command = [str(self.bin / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.folder / "postgres.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {arguments[-1]} failed: {done.stderr}{tail}")

    def _pg_ctl(self, action, *options):
        server_options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            # A thrown-away cluster spares the shared disk: a fast shutdown (pg_ctl's) still
            # writes everything out; only a crash of the machine would need fsync.
            "-c fsync=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
            "-o", server_options, "-w", "-t", "60", *options, action,
        )  # fmt: skip

    def init(self):
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self):
        self._pg_ctl("start")

    def restart(self):
        """A fast restart, as an operator does it: sessions ended, then up again."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self):
        self._pg_ctl("stop", "-m", "fast")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def cluster():
    """A new cluster, started; stopped and its folder removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bj-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = Cluster(folder)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(RuntimeError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
