"""Property-based tests of the API against its own OpenAPI description (issue 14): schemathesis
generates requests from /api/v1/openapi.json, valid and not, sends them to the app in process
(WSGI) and checks every answer: no server error, the status codes, content types, headers and
bodies the description documents. Bounded and derandomized, so that it runs the same cases in
the same time on every run."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.api_helpers import API

# Read without the database: the description is made from the code alone.
schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())


@pytest.fixture
def published_world(world, settings):
    """Something to find: the published world of tests/api_helpers.py. Hundreds of requests
    come from one address: the rate limit is tested on its own (tests/test_api_http.py)."""
    settings.API_RATE_LIMIT = 100_000
    # As Django's test client does: the end of a request must not close the connection that
    # holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield world
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_description(case, published_world):
    case.call_and_validate()
