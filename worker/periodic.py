"""What the worker runs every minute in place of cron: scheduled pages go live or expire
(Wagtail's ``publish_scheduled``) and the searches counted in Redis reach the report
(``flush_search_hits``). Each job runs under its own lock (worker/locks.py), so with two
workers a scheduled page is published once."""

import io
import logging
import time

from django.core.management import call_command

from . import locks

logger = logging.getLogger(__name__)

JOBS = ("publish_scheduled", "flush_search_hits")


def run_jobs(write, *, should_stop=lambda: False):
    """Run each job once, unless another worker is running it; ``write`` gets a line each.

    A job that fails is logged and the next one still runs: the worker goes on either way."""
    for name in JOBS:
        if should_stop():
            return
        with locks.exclusive(f"periodic:{name}") as mine:
            if not mine:
                write(f"{name}: skipped, another worker is running it")
                continue
            started = time.monotonic()
            output = io.StringIO()
            try:
                call_command(name, stdout=output)
            except Exception:
                logger.exception("The periodic job %s failed", name)
                write(f"{name}: failed (logged)")
                continue
            said = " ".join(output.getvalue().split())
            elapsed = time.monotonic() - started
            write(f"{name}: done in {elapsed:.2f} s" + (f" ({said})" if said else ""))
