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

_deadline = contextvars.ContextVar("bounded_deadline", default=None)


class BoundedWorkError(Exception):
    """The work did not finish within its limits. ``reason`` is one of ``timeout``,
    ``memory``, ``recursion`` or ``crashed``."""

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


def _allowed_seconds(seconds):
    deadline = _deadline.get()
    if deadline is None:
        return seconds
    return max(0.0, min(seconds, deadline - time.monotonic()))


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
        # Below readers' requests when the CPU is short.
        with contextlib.suppress(OSError):
            os.nice(10)
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


def _read_until(read_fd, deadline):
    """Everything the child writes before it closes the pipe, or None when time runs out."""
    chunks = []
    poller = select.poll()
    poller.register(read_fd, select.POLLIN | select.POLLHUP)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        if not poller.poll(remaining * 1000):
            return None
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
    ``BoundedWorkError`` when it takes longer than ``seconds`` (or the rest of the current
    ``time_budget``), needs more than ``memory_bytes`` of extra memory, recurses too deep or
    dies. An exception ``func`` raises is raised here. Arguments and result must pickle."""
    seconds = _allowed_seconds(seconds)
    if seconds <= 0:
        raise BoundedWorkError("timeout", seconds=0)
    if not hasattr(os, "fork"):
        return func(*args, **kwargs)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, func, args, kwargs, memory_bytes)
    os.close(write_fd)
    try:
        payload = _read_until(read_fd, time.monotonic() + seconds)
    finally:
        os.close(read_fd)
        _reap(pid, kill=True)
    if payload is None:
        raise BoundedWorkError("timeout", seconds=seconds)
    if not payload:
        raise BoundedWorkError("crashed")
    outcome = pickle.loads(payload)  # noqa: S301 (written by our own child, never by a user)
    if isinstance(outcome, BoundedWorkError):
        raise outcome
    if isinstance(outcome, _Raised):
        raise outcome.error
    return outcome
