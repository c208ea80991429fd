"""A gunicorn tree's processor time from /proc/<pid>/stat: utime + stime of the master and
every descendant, whatever its command name holds."""

import pytest

from bench import proc_cpu


def stat(pid, name, parent, utime, stime):
    # Fields 3 on: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt,
    # cmajflt, utime, stime, cutime, cstime, …
    return (
        f"{pid} ({name}) S {parent} {pid} {pid} 0 -1 4194560 1200 0 3 0 "
        f"{utime} {stime} 77 88 20 0 1 0 4242 1000000 500 18446744073709551615\n"
    )


def test_user_and_system_ticks_and_the_parent_are_read():
    assert proc_cpu.parse_stat(stat(4321, "gunicorn", 4000, 150, 25)) == (4000, 175)


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields():
    text = stat(4321, "gunicorn: worker [x) (y]", 4000, 150, 25)
    assert proc_cpu.parse_stat(text) == (4000, 175)


def test_the_tree_sums_the_master_and_its_descendants_only(tmp_path):
    processes = {
        100: ("gunicorn", 1, 10, 5),  # master
        101: ("gunicorn", 100, 200, 20),  # worker
        102: ("gunicorn", 100, 300, 30),  # worker
        103: ("helper", 102, 1, 1),  # a worker's child
        200: ("postgres", 1, 9000, 900),  # not ours
    }
    for pid, (name, parent, utime, stime) in processes.items():
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(stat(pid, name, parent, utime, stime))
    (tmp_path / "300").mkdir()  # a process that ended while being read: no stat file
    (tmp_path / "self").mkdir()  # not a pid
    assert proc_cpu.tree_ticks(100, proc=tmp_path) == 15 + 220 + 330 + 2
    assert proc_cpu.tree_ticks(102, proc=tmp_path) == 330 + 2
    assert proc_cpu.tree_ticks(999, proc=tmp_path) == 0


def test_ticks_become_milliseconds_per_request(monkeypatch):
    monkeypatch.setattr(proc_cpu.os, "sysconf", lambda name: 100)  # 100 ticks a second
    assert proc_cpu.ticks_to_ms(250) == 2500
    assert proc_cpu.ms_per_request(1000, 1250, requests=500) == 5.0
    assert proc_cpu.ms_per_request(1000, 1000, requests=0) != proc_cpu.ms_per_request(
        1000, 1000, requests=0
    )  # NaN: no requests, no per-request figure


def test_the_real_proc_of_this_process_names_its_parent():
    import os

    with open(f"/proc/{os.getpid()}/stat") as own:
        parent, _ticks = proc_cpu.parse_stat(own.read())
    assert parent == os.getppid()


@pytest.mark.parametrize("broken", ["", "123 (x"])
def test_a_broken_stat_line_raises_a_value_error(broken):
    with pytest.raises(ValueError):
        proc_cpu.parse_stat(broken)
