"""Run work on untrusted input in a child process with a time and a memory limit.

Some parsers are slower than linear on hostile input (Python-Markdown takes minutes on 40 KB
of nested brackets) or recurse until the interpreter gives up. A request must never wait on
them for long, and nothing in Python stops a running thread: signals reach only the main
thread, and gunicorn's threads or Django's development server run requests elsewhere. So
``run_bounded`` forks, lets the child do the work under ``RLIMIT_AS``, and kills it when its
time is up. The parent keeps serving; the child shares its memory copy-on-write, so a fork
costs about 10 ms, not a new interpreter.

Where ``os.fork`` does not exist the work runs in the process itself, without the limits.
"""

import contextlib
import contextvars
import os
import pickle
import resource
import select
import signal
import time
from dataclasses import dataclass

# Headroom the child may allocate beyond what it inherits.
DEFAULT_MEMORY_BYTES = 512 * 1024 * 1024
# The limit counts the child's processor time, so a busy machine does not make ordinary work
# fail; the wall clock may run to this many times the limit before the child is stopped too.
WALL_FACTOR = 2
_TICK = 0.05  # seconds between looks at the child's processor time
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

_deadline = contextvars.ContextVar("bounded_deadline", default=None)


class BoundedWorkError(Exception):
    """The work did not finish within its limits. ``reason`` is one of ``timeout`` (its own
    time limit), ``budget`` (the time left in the current ``time_budget``), ``memory``,
    ``recursion`` or ``crashed``."""

    def __init__(self, reason, seconds=None):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


@dataclass(frozen=True)
class _Raised:
    """An exception the work raised, carried back to the parent to be raised there."""

    error: BaseException


@contextlib.contextmanager
def time_budget(seconds):
    """Bound the total time of every ``run_bounded`` call in this block (one request that
    formats many texts, like an upload of twenty files). Nested budgets keep the earlier
    deadline."""
    deadline = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def _address_space_now():
    """This process's virtual memory size in bytes, or None where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(extra_bytes):
    current = _address_space_now()
    if current is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _max_fd():
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 1024


def _child(write_fd, func, args, kwargs, memory_bytes):
    """The forked child: do the work, send back its result or what stopped it, and leave
    without running the parent's exit handlers or closing its connections."""
    status = 0
    try:
        # Pipes other threads opened for their own children stay open only there, so
        # their readers see the end as soon as their own child is done.
        os.closerange(3, write_fd)
        os.closerange(write_fd + 1, _max_fd())
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _limit_memory(memory_bytes)
        try:
            outcome = func(*args, **kwargs)
        except MemoryError:
            outcome = BoundedWorkError("memory")
        except RecursionError:
            outcome = BoundedWorkError("recursion")
        except Exception as error:  # raised again in the parent, as itself
            outcome = _Raised(error)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            payload = pickle.dumps(BoundedWorkError("crashed"))
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _cpu_seconds(pid):
    """The processor time ``pid`` has used so far, or None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, ValueError, IndexError):
        return None


def _read(read_fd, pid, cpu_seconds, deadline):
    """Everything the child writes before it closes the pipe; None when it has used more
    than ``cpu_seconds`` of processor time or ``deadline`` (monotonic) has passed."""
    chunks = []
    poller = select.poll()
    poller.register(read_fd, select.POLLIN | select.POLLHUP)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        if not poller.poll(min(remaining, _TICK) * 1000):
            used = _cpu_seconds(pid)
            if used is not None and used > cpu_seconds:
                return None
            continue
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid, *, kill):
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def run_bounded(func, *args, seconds, memory_bytes=DEFAULT_MEMORY_BYTES, **kwargs):
    """Return ``func(*args, **kwargs)`` computed in a child process, or raise
    ``BoundedWorkError`` when it uses more than ``seconds`` of processor time (or
    ``WALL_FACTOR`` times that on the clock, or the rest of the current ``time_budget``),
    needs more than ``memory_bytes`` of extra memory, recurses too deep or dies. An exception
    ``func`` raises is raised here. Arguments and the result must pickle."""
    started = time.monotonic()
    deadline = started + seconds * WALL_FACTOR
    budget = _deadline.get()
    if budget is not None and budget < deadline:
        deadline = budget
    if deadline <= started:
        raise BoundedWorkError("budget", seconds=seconds)
    if not hasattr(os, "fork"):
        return func(*args, **kwargs)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, func, args, kwargs, memory_bytes)
    os.close(write_fd)
    try:
        payload = _read(read_fd, pid, seconds, deadline)
    finally:
        os.close(read_fd)
        _reap(pid, kill=True)
    if payload is None:
        cut_by_budget = deadline == budget and time.monotonic() >= budget
        raise BoundedWorkError("budget" if cut_by_budget else "timeout", seconds=seconds)
    if not payload:
        raise BoundedWorkError("crashed")
    outcome = pickle.loads(payload)  # noqa: S301 (written by our own child, never by a user)
    if isinstance(outcome, BoundedWorkError):
        raise outcome
    if isinstance(outcome, _Raised):
        raise outcome.error
    return outcome
