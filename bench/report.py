"""The page benchmark's numbers: each page and server's rounds summed up, and the tables."""

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Round:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # the server's processes' user + system time during the round
    errors: int = 0


@dataclass(frozen=True)
class Summary:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    errors: int
    queries: int | None = None


def summarise(rounds, queries=None):
    """Medians over the rounds; processor time over all the rounds' requests."""
    requests = sum(one.requests for one in rounds)
    return Summary(
        requests_per_second=statistics.median(one.requests_per_second for one in rounds),
        p50_ms=statistics.median(one.p50_ms for one in rounds),
        p99_ms=statistics.median(one.p99_ms for one in rounds),
        cpu_ms_per_request=sum(one.cpu_ms for one in rounds) / requests if requests else math.nan,
        errors=sum(one.errors for one in rounds),
        queries=queries,
    )


def number(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if isinstance(value, int):
        return str(value)
    return f"{value:,.{digits}f}"


def ratio(mine, theirs):
    if not theirs or math.isnan(mine) or math.isnan(theirs):
        return "?"
    return f"{mine / theirs:.2f}x"


def table(headers, rows, left=1):
    """Columns padded to their widest cell; the first ``left`` columns aligned left."""
    cells = [list(map(str, headers)), *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                cell.ljust(width) if column < left else cell.rjust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


# (header, Summary field, decimals) of the figures each table shows for both sides.
FIGURES = {
    "req/s": ("requests_per_second", 0),
    "p50 ms": ("p50_ms", 1),
    "p99 ms": ("p99_ms", 1),
    "CPU ms/req": ("cpu_ms_per_request", 2),
    "SQL": ("queries", 1),
}


def _paired(pages, first, second, names, figures, extra=None):
    """A table with, for each page, each of ``figures`` for both sides (named ``names``),
    and ``extra(a, b)``'s cell after the CPU columns when given."""
    headers = ["page", "address"]
    for figure in figures:
        headers += [f"{figure} {names[0]}", f"{figure} {names[1]}"]
        if figure == "CPU ms/req" and extra:
            headers.append(extra[0])
    rows = []
    for key, path in pages.items():
        a, b = first[key], second[key]
        row = [key, path]
        for figure in figures:
            field, decimals = FIGURES[figure]
            row += [number(getattr(a, field), decimals), number(getattr(b, field), decimals)]
            if figure == "CPU ms/req" and extra:
                row.append(extra[1](a, b))
        rows.append(row)
    return table(headers, rows, left=2)


def cache_table(pages, off, on):
    """One row per page: this tree with the page cache off and on. ``off`` and ``on`` map a
    page key to its Summary; ``pages`` maps it to its address."""
    return _paired(pages, off, on, ("off", "on"), list(FIGURES))


def against_table(pages, mine, theirs, other_name):
    """One row per page: this tree against the other commit, both with the page cache off.
    The ratio is this tree's CPU per request over the other's (below 1: this tree is
    cheaper)."""
    cpu_ratio = ("CPU this/other", lambda a, b: ratio(a.cpu_ms_per_request, b.cpu_ms_per_request))
    figures = ["req/s", "p50 ms", "CPU ms/req", "SQL"]
    return _paired(pages, mine, theirs, ("this", other_name), figures, cpu_ratio)
