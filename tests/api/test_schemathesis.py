"""Whatever a client sends, generated from our own OpenAPI document, the API answers with JSON
and never with a server error."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from oogst.api.services import create_api_token

# Valid and invalid requests for every operation, bounded so the run stays well under a minute.
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def schema():
    """The API over plain WSGI, in this test's database transaction: like Django's test client,
    keep the per-request connection clean-up from closing the connection under the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["analyst", "fac_a"])
def test_no_generated_request_gets_a_server_error(world, schema, who):
    token = create_api_token(world[who], "schemathesis")[1]
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9  # contributions 4, tables 2, themes 1, insights 2
    seen_statuses: set[int] = set()

    for operation, mode in itertools.product(operations, GenerationMode):

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call(headers=headers)
            seen_statuses.add(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])
            content_type = response.headers.get("content-type") or [""]
            assert content_type[0].startswith("application/json"), (
                response.status_code,
                content_type,
            )

        check()
    # The run exercised both answers and refusals, not only one kind.
    assert any(s < 300 for s in seen_statuses) and any(400 <= s < 500 for s in seen_statuses)
