"""One worker at a time for a periodic job, however many workers run.

On PostgreSQL a session-level advisory lock (``pg_try_advisory_lock``) per job: the worker
that gets it runs the job, the others skip this round, and PostgreSQL releases it if the
worker dies. It is held on the worker's own connection, so the worker must reach PostgreSQL
directly or through a session-pooling PgBouncer, not a transaction-pooling one.

SQLite serves a single machine, where ``make run`` starts one worker: the job just runs.
"""

import contextlib
import hashlib

from django.db import DatabaseError, connections


def lock_key(name):
    """A stable signed 64-bit number for ``name``: advisory locks are keyed by a bigint."""
    digest = hashlib.blake2b(f"backendjourneys:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def exclusive(name, *, using="default"):
    """Yields True when this process holds ``name``'s lock, False when another worker does."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (acquired,) = cursor.fetchone()
    if not acquired:
        yield False
        return
    try:
        yield True
    finally:
        # A connection lost during the job took its lock with it.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
