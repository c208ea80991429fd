"""wrk's report (as wrk 4.1 prints it with --latency) read into numbers, errors counted."""

import pytest

from bench import wrk

REPORT = """\
Running 5s test @ http://127.0.0.1:38123/journeys/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   174.52ms   20.11ms   1.02s    70.00%
    Req/Sec    22.00      5.00    30.00     60.00%
  Latency Distribution
     50%  720.00us
     75%    2.27ms
     90%    7.99ms
     99%    1.02s
  1747 requests in 5.01s, 0.87MB read
Requests/sec:    348.70
Transfer/sec:      0.86MB
"""

FAILING = """\
Running 1s test @ http://127.0.0.1:38123/nonexistent
  1 threads and 2 connections
  Latency Distribution
     50%   41.70ms
     75%   42.00ms
     90%   42.50ms
     99%    2.00m
  12 requests in 1.00s, 0.01MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:     12.00
Transfer/sec:      0.86KB
"""


def test_a_report_gives_requests_rate_and_percentiles_in_milliseconds():
    result = wrk.parse(REPORT)
    assert result == wrk.WrkResult(
        requests=1747,
        seconds=5.01,
        requests_per_second=348.70,
        p50_ms=0.72,
        p99_ms=1020.0,
        errors=0,
    )


def test_socket_errors_and_non_2xx_answers_are_counted():
    result = wrk.parse(FAILING)
    assert result.errors == 1 + 2 + 3 + 4
    assert result.p50_ms == 41.7
    assert result.p99_ms == 120_000.0


@pytest.mark.parametrize(
    ("text", "ms"), [("456.78us", 0.45678), ("1.23ms", 1.23), ("2s", 2000.0), ("1.5m", 90_000)]
)
def test_durations_in_every_unit_wrk_prints(text, ms):
    assert wrk.duration_ms(text) == pytest.approx(ms)


def test_anything_but_a_latency_report_is_refused():
    with pytest.raises(ValueError, match="not a wrk --latency report"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")
    # Without --latency there are no percentiles.
    without = "\n".join(line for line in REPORT.splitlines() if "%  " not in line)
    with pytest.raises(ValueError):
        wrk.parse(without)
