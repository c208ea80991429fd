"""Counting a request's SQL queries for the page benchmark, without DEBUG.

``QueryCountMiddleware`` wraps the whole request (it goes first in ``MIDDLEWARE``, so a
response another middleware answers from a cache is counted too) and sends the count as the
``X-Bench-Queries`` header. It counts through ``connection.execute_wrapper``: nothing is
stored per query, unlike ``connection.queries``. Production settings install it only when
``BENCH_COUNT_QUERIES=1``; ``page_benchmark`` sets that for the servers it starts.

This module imports only Django: ``page_benchmark`` copies it beside an older commit whose
settings do not know the variable.
"""

from django.db import connection

HEADER = "X-Bench-Queries"
PATH = "bench.query_count.QueryCountMiddleware"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
