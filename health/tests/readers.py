"""A bounded load of anonymous readers: requests sent at a fixed rate from a few threads,
each one's time, status and the server that answered kept, so a test can say how many
failed, and when."""

import http.client
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    sent: float  # time.monotonic() when sent
    seconds: float  # until answered (or given up)
    path: str
    status: int | None  # None: no answer (the connection failed or timed out)
    served_by: str = ""
    page_cache: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Readers:
    """``paths()`` gives the next address to read; ``client()`` a new reader's client."""

    client: object
    paths: object
    rate: float = 30.0  # requests a second, whatever the servers' pace
    threads: int = 8
    answers: list = field(default_factory=list)

    def __enter__(self):
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="reader")
        self._sender = threading.Thread(target=self._send, name="readers", daemon=True)
        self._sender.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._sender.join()
        self._pool.shutdown(wait=True)

    def _send(self):
        started = time.monotonic()
        for count in itertools.count():
            when = started + count / self.rate
            if self._stop.wait(max(0.0, when - time.monotonic())):
                return
            self._pool.submit(self._read, self.paths())

    def _read(self, path):
        sent = time.monotonic()
        try:
            reply = self.client().get(path, timeout=60)
        except (OSError, http.client.HTTPException):
            self.answers.append(Answer(sent, time.monotonic() - sent, path, None))
            return
        answer = Answer(
            sent,
            time.monotonic() - sent,
            path,
            reply.status,
            reply.headers.get("x-served-by", ""),
            reply.headers.get("x-page-cache", ""),
        )
        self.answers.append(answer)

    def failed(self, since=float("-inf")):
        return [answer for answer in self.answers if answer.sent >= since and not answer.ok]

    def served_by(self, since=float("-inf"), until=float("inf")):
        return {answer.served_by for answer in self.answers if since <= answer.sent < until}

    def summary(self):
        statuses = {}
        for answer in self.answers:
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
        times = sorted(answer.seconds for answer in self.answers) or [0.0]
        return (
            f"{len(self.answers)} requests, {len(self.failed())} not 2xx (statuses {statuses}), "
            f"answered in {times[len(times) // 2] * 1000:.0f} ms (median), "
            f"{times[-1] * 1000:.0f} ms (slowest)"
        )
