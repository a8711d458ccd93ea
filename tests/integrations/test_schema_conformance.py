"""Schemathesis against the live schema: generated requests (valid and invalid) for every
operation, a bounded number per operation, through the real WSGI application with a real key
that has every scope. No response may be a 5xx or differ from what the schema documents, and
input the schema forbids must be refused.

One check is left out: "positive data acceptance" expects every schema-valid request to
succeed, but business rules refuse some by design (an unknown SKU, a member that does not
exist, an address webhooks may not reach) with a documented 400.

The examples are the same on every run (derandomized), so CI does not pass or fail by chance;
``API_FUZZ_RANDOM=1 scripts/test.sh tests/integrations/test_schema_conformance.py`` explores new
ones (that is how a 500 on a superscript digit in a path was found).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

# Loaded through the application itself, as an integrator would fetch it (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_connection(db):
    """As Django's test client does: keep the test's connection (and its transaction) open
    between requests instead of closing it when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_header(make_key, member) -> dict:
    return {"Authorization": f"Bearer {make_key(rate_limit=1_000_000).key}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    derandomize=os.environ.get("API_FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case, keep_connection, auth_header):
    case.call_and_validate(headers=auth_header, excluded_checks=[positive_data_acceptance])
