"""Processor time of a process tree (a gunicorn master and its workers) from /proc."""

import os
from pathlib import Path

PROC = Path("/proc")


def parse_stat(text):
    """(parent pid, user + system clock ticks) from the text of ``/proc/<pid>/stat``.

    The command name (field 2) is in parentheses and may itself hold spaces or ")", so the
    fields are counted from the last ")": state is field 3, the parent 4, utime 14, stime 15.
    """
    fields = text[text.rindex(")") + 1 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _all_stats(proc):
    stats = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError):
                continue  # ended while being read
    return stats


def tree_ticks(root, proc=PROC):
    """Clock ticks used so far by ``root`` and all its descendants alive now."""
    stats = _all_stats(proc)
    children = {}
    for pid, (parent, _ticks) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
            todo.extend(children.get(pid, ()))
    return total


def ticks_to_ms(ticks):
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def ms_per_request(before, after, requests):
    """Processor milliseconds per request between two ``tree_ticks`` readings."""
    return ticks_to_ms(after - before) / requests if requests else float("nan")
