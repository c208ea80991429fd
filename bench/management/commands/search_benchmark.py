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
queries with and without filters (``QUERIES`` and ``FILTERS`` below), with the page cache
off (it would answer every repeated request without searching). ``--cold`` empties the
default cache before each request, so nothing the search keeps there (facet counts) helps.
``--results FILE`` saves the page ids of each query's first results page as JSON, to compare
the ranking before and after a change (``--compare FILE`` does that and lists differences).
"""

import json

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from bench import synthetic, timing
from search import selectors
from search.forms import SearchForm

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
        parser.add_argument(
            "--cold",
            action="store_true",
            help="Empty the default cache before every request (no cached facet counts).",
        )
        parser.add_argument(
            "--results", metavar="FILE", help="Save each query's first page of page ids as JSON."
        )
        parser.add_argument(
            "--compare", metavar="FILE", help="Compare each query's first page with FILE's."
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
            synthetic.analyze()
        total = synthetic.existing_stories().count()
        self.stdout.write(f"{total} synthetic stories ({added} added) on {connection.vendor}.")

        self._first_pages(save=options.get("results"), compare=options.get("compare"))
        groups, rows = self._time_queries(repeat, cold=options.get("cold", False))
        if verbosity >= 2:
            for key, numbers in rows:
                self.stdout.write(
                    f"  {key:64} p50 {numbers['p50']:7.1f} ms   p95 {numbers['p95']:7.1f} ms"
                )
        for name, timings in groups.items():
            numbers = timing.summary(timings)
            self.stdout.write(
                f"{name}: p50 {numbers['p50']:.1f} ms, p95 {numbers['p95']:.1f} ms "
                f"({numbers['n']} requests)"
            )

    def _first_pages(self, *, save, compare):
        if not save and not compare:
            return
        results = first_pages()
        if save:
            with open(save, "w", encoding="utf-8") as file:
                json.dump(results, file, indent=1)
        if compare:
            with open(compare, encoding="utf-8") as file:
                self._compare(results, json.load(file), compare)

    def _compare(self, results, before, path):
        differ = [key for key in results if before.get(key) != results[key]]
        for key in differ:
            self.stdout.write(f"  {key}: {before.get(key)} -> {results[key]}")
        same = len(results) - len(differ)
        style = self.style.SUCCESS if not differ else self.style.WARNING
        self.stdout.write(style(f"First pages: {same} of {len(results)} the same as {path}."))

    def _time_queries(self, repeat, *, cold=False):
        """Timings of every query, grouped with and without filters, and one row per
        (query, filters) for ``-v 2``."""
        client = Client(HTTP_HOST=timing.host(settings.ALLOWED_HOSTS))
        groups = {"without filters": [], "with filters": []}
        rows = []
        before = caches["default"].clear if cold else None
        # Timed as production serves it: with DEBUG on (manage.py's settings) Django would
        # also record every SQL query of every request. The page cache would answer every
        # request after the first without searching.
        with override_settings(DEBUG=False, PAGE_CACHE=False):
            for key, params in cases():
                timings = timing.measure(client, "/search/", params, repeat, before=before)
                groups["with filters" if len(params) > 1 else "without filters"].extend(timings)
                rows.append((key, timing.summary(timings)))
        return groups, rows


def cases():
    """(key, parameters) of every timed search: each query without and with each filter."""
    for query in QUERIES:
        for filters in [{}, *FILTERS]:
            params = {"q": query, **filters}
            yield " ".join(f"{name}={value}" for name, value in params.items()), params


def first_pages():
    """The page ids of each case's first results page, in order, read as the view reads them."""
    factory = RequestFactory()
    results = {}
    for key, params in cases():
        form = SearchForm(params)
        form.full_clean()
        outcome = selectors.search(
            query=form.cleaned_data["q"],
            filters=form.filters,
            sort=form.sort_order,
            request=factory.get("/search/", params),
        )
        results[key] = [hit.page.pk for hit in outcome.page.object_list]
    return results
