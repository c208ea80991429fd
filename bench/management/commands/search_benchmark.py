"""Fill a database with N synthetic journey stories and print the search page's latency.

Run it against a database of its own, never the site's:

    createdb bj_search_bench
    export DATABASE_URL=postgres://user@host:5432/bj_search_bench
    python manage.py migrate
    python manage.py search_benchmark --stories 10000
    python manage.py search_benchmark --stories 100000   # adds the 90,000 missing ones

It refuses to write into a database that holds stories, tutorials or authors it did not
make (real content) unless given ``--force``. Stories it made before are kept and reused,
so a larger run only adds what is missing. The timings go through Django's test client:
URL resolution, middleware, the view, its queries and the template, for a fixed set of
queries with and without filters (``QUERIES`` and ``FILTERS`` below).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from bench import synthetic, timing

# (query, filters): the fixed set the benchmark times, each with and without filters.
QUERIES = [
    "django",
    "postgresql permissions",
    "from cashier to django",
    "testing deployment",
    "kubernetes",
    "djnago",  # a typo: the "did you mean" page
]
FILTERS = [
    {"type": "story"},
    {"tag": "django"},
    {"country": "KE", "type": "story"},
    {"start": "retail cashier", "year": "2024"},
]


class Command(BaseCommand):
    help = (
        "Add synthetic journey stories (in bulk, indexed) until there are --stories of them, "
        "then print p50 and p95 latency of /search/ for a fixed set of queries with and "
        "without filters. Meant for a dedicated PostgreSQL database; refuses a database "
        "with real content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=10_000, help="How many stories.")
        parser.add_argument(
            "--repeat", type=int, default=20, help="Timed requests per query (default 20)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Write even if the database has real content."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created; write nothing."
        )

    def handle(self, *args, stories, repeat, force, dry_run, verbosity=1, **options):
        if stories < 1 or repeat < 1:
            raise CommandError("--stories and --repeat must be at least 1.")
        if connection.vendor != "postgresql" and verbosity >= 1:
            self.stdout.write(
                self.style.WARNING(
                    f"This is {connection.vendor}, not PostgreSQL: the numbers say little "
                    "about production."
                )
            )
        real = synthetic.real_content()
        if real and not force:
            raise CommandError(
                f"{connection.settings_dict['NAME']} holds {real} real page(s): point "
                "DATABASE_URL at a database of its own (see the README's Search section), "
                "or pass --force."
            )

        have = synthetic.existing_stories().count()
        missing = max(stories - have, 0)
        if dry_run:
            self.stdout.write(
                f"Would add {missing} synthetic stories ({have} there) and time /search/."
            )
            return

        def log(message):
            if verbosity >= 2:
                self.stdout.write(f"  {message}")

        added = synthetic.fill(stories, log=log)
        if added:
            synthetic.analyze()  # fresh planner statistics, as autovacuum would give later
        total = synthetic.existing_stories().count()
        self.stdout.write(f"{total} synthetic stories ({added} added) on {connection.vendor}.")

        groups, rows = self._time_queries(repeat)
        if verbosity >= 2:
            for query, label, numbers in rows:
                self.stdout.write(
                    f"  {query!r:28} {label:36} p50 {numbers['p50']:7.1f} ms   "
                    f"p95 {numbers['p95']:7.1f} ms"
                )
        for name, timings in groups.items():
            numbers = timing.summary(timings)
            self.stdout.write(
                f"{name}: p50 {numbers['p50']:.1f} ms, p95 {numbers['p95']:.1f} ms "
                f"({numbers['n']} requests)"
            )

    def _time_queries(self, repeat):
        """Timings of every query, grouped with and without filters, and one row per
        (query, filters) for ``-v 2``."""
        client = Client(HTTP_HOST=timing.host(settings.ALLOWED_HOSTS))
        groups = {"without filters": [], "with filters": []}
        rows = []
        # Timed as production serves it: with DEBUG on (manage.py's settings) Django would
        # also record every SQL query of every request.
        with override_settings(DEBUG=False):
            for query in QUERIES:
                for filters in [{}, *FILTERS]:
                    timings = timing.measure(client, "/search/", {"q": query, **filters}, repeat)
                    groups["with filters" if filters else "without filters"].extend(timings)
                    label = " ".join(f"{key}={value}" for key, value in filters.items()) or "-"
                    rows.append((query, label, timing.summary(timings)))
        return groups, rows
