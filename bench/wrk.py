"""The load generator: wrk from Debian, found or installed, run against one address, and its
report read into numbers."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from django.core.management.base import CommandError

INSTALL = ["apt-get", "install", "-y", "wrk"]
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and answers other than 2xx or 3xx


def find():
    """wrk's path, or None."""
    return shutil.which("wrk")


def ensure(log=lambda message: None):
    """wrk's path, installing Debian's package when running as root."""
    path = find()
    if path:
        return path
    if os.geteuid() != 0:
        raise CommandError(
            "wrk is not installed and this is not root: run `sudo apt-get install -y wrk`, "
            "then run the benchmark again."
        )
    log("wrk is missing: apt-get install -y wrk…")
    done = subprocess.run(INSTALL, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 or not find():
        raise CommandError(
            f"`{' '.join(INSTALL)}` failed ({done.stderr.strip()[-300:]}): run `apt-get update` "
            "and try again, or install wrk by hand."
        )
    return find()


def duration_ms(text):
    """Milliseconds from wrk's ``456.78us``, ``1.23ms``, ``1.02s`` or ``2.00m``."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse(text):
    """The numbers of a ``wrk --latency`` report."""
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", text, re.MULTILINE))
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", text, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE)
    if not (total and rate and "50" in percentiles and "99" in percentiles):
        raise ValueError(f"not a wrk --latency report:\n{text}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    statuses = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    errors += int(statuses[1]) if statuses else 0
    return WrkResult(
        requests=int(total[1]),
        seconds=duration_ms(total[2] + total[3]) / 1000,
        requests_per_second=float(rate[1]),
        p50_ms=duration_ms(percentiles["50"]),
        p99_ms=duration_ms(percentiles["99"]),
        errors=errors,
    )


def run(path, url, *, duration, connections, threads):
    """Load ``url`` for ``duration`` seconds and return what wrk measured."""
    command = [path, "--latency", f"-d{duration}s", f"-c{connections}", f"-t{threads}", url]
    done = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, timeout=duration + 60
    )
    if done.returncode != 0:
        raise CommandError(f"wrk failed on {url}: {done.stderr.strip() or done.stdout.strip()}")
    return parse(done.stdout)
