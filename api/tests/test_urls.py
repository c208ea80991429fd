"""The API as mounted: its OpenAPI schema and docs answer, and schemathesis, generating
requests from that schema, finds no server error and no answer that breaks the schema."""

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import snapshot

pytestmark = pytest.mark.django_db

# Requests per operation and generation mode (valid, then invalid input): enough to reach
# every parameter, few enough that the whole API is fuzzed in well under a minute.
# Derandomized, so a run is repeatable.
READ_EXAMPLES = 25
WRITE_EXAMPLES = 25
FUZZ = settings(
    max_examples=READ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
# Our own endpoints also document every status and content type they answer with.
CONTENT_API = ("/api/v3/articles/", "/api/v3/stories/", "/api/v3/tutorials/", "/api/v3/authors/")
BASE_CHECKS = [not_a_server_error, response_schema_conformance]
STRICT_CHECKS = [*BASE_CHECKS, status_code_conformance, content_type_conformance]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def refused_for_lack_of_a_token(ctx, response, case):
    """Every write without a valid bearer token is refused as unauthenticated."""
    assert response.status_code == 401, f"expected 401, got {response.status_code}"


def test_openapi_schema_and_interactive_docs_answer_without_an_account(client):
    schema = client.get("/api/v3/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    paths = schema.json()["paths"]
    for path in ["/api/v3/stories/", "/api/v3/stories/{pk}/", "/api/v3/tutorials/",
                 "/api/v3/tutorials/{pk}/", "/api/v3/articles/", "/api/v3/authors/",
                 "/api/v3/authors/{pk}/", "/api/v3/pages/"]:  # fmt: skip
        assert path in paths
    docs = client.get("/api/v3/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/v3/openapi.json" in html
    # Swagger UI comes from our own static files, not a third-party CDN.
    assert "cdn." not in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, served inside the test's transaction the way Django's
    test client serves it: without closing the database connection after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)


def generatable(operation):
    """Every operation but the snippet ones: no snippet model is enabled for the API, so
    their ``{type}`` parameter admits only "", which no URL can hold (``test_actions``
    sends them writes by hand)."""
    return not operation.path.startswith("/api/v3/snippets/{type}/")


def operations(schema, methods):
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() in methods and generatable(operation):
            yield operation


def known_values(world):
    """Real ids and slugs, visible and hidden, so generated requests also reach real items."""
    pages = [world.story, world.tutorial, world.ann, world.dee, *world.hidden.values()]
    return {
        "ids": [page.pk for page in pages],
        "query": [{"tag": "django"}, {"author": "ann"}, {"series": "django-from-zero"},
                  {"tag": "django", "author": "ben", "search": "django"},
                  {"search": '"django'}, {"type": "tutorial", "search": "model*"}],
    }  # fmt: skip


def strategy(operation, mode, known):
    strategies = [operation.as_strategy(generation_mode=mode)]
    if mode is GenerationMode.POSITIVE:
        names = {p.name for p in operation.path_parameters}
        for name in names & {"pk", "page_id"}:
            strategies += [operation.as_strategy(path_parameters={name: pk}) for pk in known["ids"]]
        query_names = {p.name for p in operation.query}
        strategies += [
            operation.as_strategy(query=query)
            for query in known["query"]
            if set(query) <= query_names
        ]
    return st.one_of(strategies)


def fuzz(operation, cases, checks, examples, answers):
    """Send up to ``examples`` generated requests, counting the answers by status code;
    return the first failure's report, if any."""

    @settings(FUZZ, max_examples=examples)
    @given(case=cases)
    def run(case):
        # Schemathesis's WSGI client asks for gzip (requests' default) but reads the body
        # as it comes: ask for it uncompressed, as home/compression.py then sends it.
        response = case.call(headers={"Accept-Encoding": "identity"})
        answers[operation.label][response.status_code] += 1
        case.validate_response(response, checks=checks)

    try:
        run()
    except Exception as error:  # reported with the operation that failed
        return f"{operation.label}: {error}"
    return None


def test_schemathesis_finds_no_server_error_or_schema_violation_on_reads(schema, world):
    known = known_values(world)
    answers = collections.defaultdict(collections.Counter)
    failures = []
    for operation in operations(schema, {"GET"}):
        checks = STRICT_CHECKS if operation.path.startswith(CONTENT_API) else BASE_CHECKS
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases = strategy(operation, mode, known)
            failure = fuzz(operation, cases, checks, READ_EXAMPLES, answers)
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)
    # Every reader endpoint was reached, with answers readers get and with refusals.
    for label in ["GET /api/v3/articles/", "GET /api/v3/stories/", "GET /api/v3/tutorials/",
                  "GET /api/v3/authors/", "GET /api/v3/pages/"]:  # fmt: skip
        assert answers[label][200] > 0, (label, answers[label])
        assert answers[label][422] > 0, (label, answers[label])
    for label in ["GET /api/v3/stories/{pk}/", "GET /api/v3/tutorials/{pk}/",
                  "GET /api/v3/authors/{pk}/", "GET /api/v3/pages/{page_id}/"]:  # fmt: skip
        assert answers[label][200] > 0 and answers[label][404] > 0, (label, answers[label])


def test_schemathesis_writes_without_a_token_are_refused_and_change_nothing(schema, world):
    before = snapshot()
    answers = collections.defaultdict(collections.Counter)
    failures = []
    writes = list(operations(schema, WRITE_METHODS))
    for operation in writes:
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
        checks = [not_a_server_error, refused_for_lack_of_a_token]
        failure = fuzz(operation, cases, checks, WRITE_EXAMPLES, answers)
        if failure:
            failures.append(failure)
    assert not failures, "\n\n".join(failures)
    assert len(writes) > 20
    assert all(sum(answers[op.label].values()) >= 5 for op in writes), answers
    assert snapshot() == before
