from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks: commands that fill a database with synthetic content and time the site.

    Settings load this app only where asked (dev, test, and production with ``BENCH=1``):
    it writes pages in bulk and drives Django's test client, which a serving site never needs.
    """

    name = "bench"
    verbose_name = "Benchmarks"
