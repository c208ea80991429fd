"""What page_benchmark starts is stopped with all its children, and a failed or interrupted
run still cleans up."""

import shutil
import signal
import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bench import page_run, servers, wrk


def gone(group):
    """No process of the group is alive: each has exited or is dead and waiting to be reaped
    (a zombie, which init reaps in its own time)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text()
        except OSError:
            continue
        state, _parent, pgrp = fields[fields.rindex(")") + 1 :].split()[:3]
        if int(pgrp) == group and state not in "ZX":
            return False
    return True


def test_stopping_a_process_stops_its_whole_group(tmp_path):
    # A shell that ignores SIGTERM, with a child: as a gunicorn master and its workers.
    process = servers.Process(
        label="stubborn",
        command=["sh", "-c", "trap '' TERM; sleep 60 & wait"],
        log=tmp_path / "log",
    ).start()
    group = process.pid
    process.stop(grace=0.5)
    assert process.popen.returncode is not None
    assert gone(group)


def test_a_process_that_exits_is_reported_with_its_log(tmp_path):
    process = servers.Process(
        label="broken server",
        command=["sh", "-c", "echo 'Error: DJANGO_SECRET_KEY is not set'; exit 3"],
        log=tmp_path / "log",
    ).start()
    process.popen.wait()
    with pytest.raises(CommandError, match="broken server exited with status 3") as error:
        process.check_alive()
    assert "DJANGO_SECRET_KEY is not set" in str(error.value)
    assert str(tmp_path / "log") in str(error.value)


def test_a_free_port_can_be_bound_on_loopback():
    port = servers.free_port()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_a_missing_program_says_how_to_install_it():
    with pytest.raises(CommandError, match="run `apt-get install -y it`"):
        servers.require("no-such-program-bj", "apt-get install -y it")


@pytest.mark.parametrize(
    "failure", [CommandError("PostgreSQL is not reachable"), KeyboardInterrupt]
)
def test_the_run_cleans_up_when_it_fails_or_is_interrupted(monkeypatch, failure):
    runs, cleanup = [], page_run.PageRun.cleanup

    def prepare(self):
        self.processes.append(servers.Process("server", ["sleep", "60"], self.logs / "x").start())
        raise failure

    def recorded_cleanup(self, *, failed):
        runs.append((self, failed))
        cleanup(self, failed=failed)

    monkeypatch.setattr(page_run.PageRun, "prepare", prepare)
    monkeypatch.setattr(page_run.PageRun, "cleanup", recorded_cleanup)
    monkeypatch.setattr(wrk, "ensure", lambda log: "/usr/bin/wrk")
    monkeypatch.setattr(servers, "require", lambda program, install: None)
    handler = signal.getsignal(signal.SIGTERM)
    with pytest.raises(CommandError, match=r"not reachable|Interrupted: every process"):
        call_command("page_benchmark", "--pages", "home", stdout=StringIO(), stderr=StringIO())
    [(run, failed)] = runs
    assert failed  # the logs are kept for the error message
    assert (run.folder / "logs").is_dir()
    assert gone(run.processes[0].pid)
    assert signal.getsignal(signal.SIGTERM) == handler
    shutil.rmtree(run.folder)
