"""Work in a child process with a time and memory limit: what it returns, what stops it."""

import os
import time

import pytest

from blog.bounded import BoundedWorkError, run_bounded, time_budget


def _own_pid_then_spin(path):
    path.write_text(str(os.getpid()))
    while True:
        pass


def _recurse(depth=0):
    return _recurse(depth + 1)


def _allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def _refuse(text):
    raise ValueError(f"refused {text}")


def test_the_result_comes_back_from_the_child():
    assert run_bounded(sorted, [3, 1, 2], seconds=5) == [1, 2, 3]
    assert run_bounded(os.getpid, seconds=5) != os.getpid()


def test_an_exception_the_work_raises_is_raised_again_here():
    with pytest.raises(ValueError, match="refused this"):
        run_bounded(_refuse, "this", seconds=5)


def test_work_past_its_time_is_stopped_and_its_process_is_gone(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(BoundedWorkError) as stopped:
        run_bounded(_own_pid_then_spin, pid_file, seconds=0.5)
    assert stopped.value.reason == "timeout"
    assert stopped.value.seconds == 0.5
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_endless_recursion_is_reported_as_such():
    with pytest.raises(BoundedWorkError) as stopped:
        run_bounded(_recurse, seconds=10)
    assert stopped.value.reason == "recursion"


def test_memory_beyond_the_limit_is_refused_and_within_it_is_fine():
    with pytest.raises(BoundedWorkError) as stopped:
        run_bounded(_allocate, 1024, seconds=10, memory_bytes=64 * 1024 * 1024)
    assert stopped.value.reason == "memory"
    assert run_bounded(_allocate, 8, seconds=10, memory_bytes=64 * 1024 * 1024) == 8 << 20


def test_a_time_budget_bounds_every_call_in_it():
    with time_budget(0.5):
        with pytest.raises(BoundedWorkError) as first:
            run_bounded(time.sleep, 5, seconds=10)
        assert first.value.reason == "budget"
        with pytest.raises(BoundedWorkError) as second:
            run_bounded(sorted, [1], seconds=10)
        assert second.value.reason == "budget"
    assert run_bounded(sorted, [2, 1], seconds=10) == [1, 2]


def test_the_limit_counts_processor_time_and_the_clock_stops_idle_work(tmp_path):
    # Sleeping uses no processor time: only the clock (twice the limit) stops it.
    started = time.monotonic()
    with pytest.raises(BoundedWorkError) as stopped:
        run_bounded(time.sleep, 5, seconds=0.3)
    assert stopped.value.reason == "timeout"
    assert time.monotonic() - started >= 0.6
