"""Serve the site as production does and load its reader pages: requests per second, p50 and
p99 latency, the app servers' processor time and SQL queries per request, with the page cache
off and on, and optionally against another commit, all in one run.

    python manage.py page_benchmark                       # this tree, page cache off and on
    python manage.py page_benchmark --against 592def8     # and that commit, side by side
    python manage.py page_benchmark --dry-run             # the plan; starts nothing

Each version gets a PostgreSQL database of its own (bj_pagebench_*), filled by its own
manage.py (migrate, load_demo_content, synthetic stories, collectstatic), and gunicorn with
production settings; a redis-server of the run's own holds the cache. wrk loads one page on
one server at a time, and the servers take turns page by page, so the machine's noise falls
on all of them alike. Processor time is the gunicorn master's and workers' user + system time
from /proc, PostgreSQL's not included; queries are counted by bench/query_count.py.
"""

import os
import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import plan as planning
from bench import report, servers, wrk
from bench.page_run import PageRun

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def default_postgres():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES


def page_list(text):
    pages = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(pages) - set(planning.PAGES))
    if unknown or not pages:
        raise CommandError(f"--pages takes some of {','.join(planning.PAGES)}, not {text!r}.")
    return pages


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Serve the site with production settings under gunicorn on PostgreSQL and load each "
        "reader page with wrk: req/s, p50/p99, CPU ms and SQL queries per request, page cache "
        "off and on; --against COMMIT compares another version in the same run."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--against", metavar="COMMIT", help="Also run this commit (a temporary worktree).")
        add("--duration", type=int, default=5, help="Seconds of load per round (default 5).")
        add("--rounds", type=int, default=3, help="Rounds per page and server (default 3).")
        add("--connections", type=int, default=4, help="wrk connections (default 4).")
        add("--threads", type=int, default=1, help="wrk threads (default 1).")
        add("--workers", type=int, default=2, help="gunicorn sync workers per server (2).")
        add("--stories", type=int, default=200, help="Synthetic stories added (default 200).")
        add(
            "--pages",
            type=page_list,
            default=planning.PAGES,
            help=f"Comma-separated subset of {','.join(planning.PAGES)}.",
        )
        add(
            "--postgres",
            default=default_postgres(),
            help="Any database URL on the PostgreSQL server to use (default: DATABASE_URL if "
            f"PostgreSQL, else {DEFAULT_POSTGRES}).",
        )
        add("--keep", action="store_true", help="Leave the databases (and media) afterwards.")
        add("--dry-run", action="store_true", help="Print the plan; start nothing.")

    def handle(self, *args, against, dry_run, verbosity=1, **options):
        numbers = {
            name: options[name]
            for name in ("rounds", "duration", "connections", "threads", "workers")
        }
        if min(numbers.values()) < 1 or options["stories"] < 0:
            raise CommandError(
                "--rounds, --duration, --connections, --threads and --workers "
                "must be at least 1, --stories at least 0."
            )
        if numbers["threads"] > numbers["connections"]:
            raise CommandError("wrk needs at least as many --connections as --threads.")
        plan = planning.build(
            settings.BASE_DIR,
            against=against,
            pages=options["pages"],
            stories=options["stories"],
            postgres=options["postgres"],
            keep=options["keep"],
            **numbers,
        )
        if dry_run:
            self.stdout.write("\n".join(plan.describe()))
            path = wrk.find()
            self.stdout.write(
                f"  wrk: {path}"
                if path
                else "  wrk: not installed; the run "
                "installs it with `apt-get install -y wrk` (as root)"
            )
            return

        def progress(message):
            if verbosity >= 1:
                self.stderr.write(message)

        if verbosity >= 2:
            progress("\n".join(plan.describe()))
        servers.require("redis-server", "apt-get install -y redis-server")
        run = PageRun(plan, wrk_path=wrk.ensure(progress), progress=progress)
        rounds, queries = self.run(run)
        self.print_tables(run, rounds, queries)

    def run(self, run):
        previous = signal.signal(signal.SIGTERM, _interrupt)
        failed = True
        try:
            run.prepare()
            run.start()
            rounds = run.measure()
            queries = run.count_queries()
            failed = False
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: every process it started was stopped and the run cleaned up. "
                f"Logs: {run.logs}"
            ) from None
        finally:
            run.progress("stopping the servers and cleaning up…")
            interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
            run.cleanup(failed=failed)
            signal.signal(signal.SIGINT, interrupt)
            signal.signal(signal.SIGTERM, previous)
        return rounds, queries

    def print_tables(self, run, rounds, queries):
        plan = run.plan

        def summaries(server_key):
            return {
                key: report.summarise(rounds[key, server_key], queries.get((key, server_key)))
                for key in plan.pages
            }

        pages = run.pages["this"]
        self.stdout.write(
            f"\nThis tree ({plan.trees['this'].version}), page cache "
            f"off and on: median of {plan.rounds} round(s) of {plan.duration} s, "
            f"{plan.connections} connections, {plan.workers} gunicorn workers; CPU = gunicorn "
            "processes' user+system time per request; SQL = queries of one warm request.\n"
        )
        self.stdout.write(report.cache_table(pages, summaries("this-off"), summaries("this-on")))
        if "other" in plan.trees:
            other = plan.trees["other"]
            self.stdout.write(f"\nThis tree against {other.name}, page cache off for both:\n")
            self.stdout.write(
                report.against_table(
                    pages, summaries("this-off"), summaries("other-off"), other.name
                )
            )
            for key, path in run.pages["other"].items():
                if path != pages[key]:
                    self.stdout.write(f"  {key} on {other.name}: {path}")
        errors = sum(one.errors for values in rounds.values() for one in values)
        if errors:
            self.stdout.write(
                self.style.WARNING(
                    f"{errors} failed or non-2xx answers during the load: see the logs in "
                    f"{run.logs}."
                )
            )
        if plan.keep:
            self.stdout.write(f"Kept: databases {', '.join(run.made_databases)}; logs {run.logs}")
        sys.stdout.flush()
