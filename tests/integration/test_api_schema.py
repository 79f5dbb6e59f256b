"""The OpenAPI schema: compared with the committed snapshot, and fuzzed with schemathesis.

The snapshot changes only on purpose: after changing the API, run
``ZHIKU_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/integration/test_api_schema.py``
and commit ``tests/snapshots/openapi.json`` with the change.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config._checks import PositiveDataAcceptanceConfig

from tests.conftest import REPO, make_person, make_unit, make_work
from zhiku.catalog.models import Work

SNAPSHOT = REPO / "tests" / "snapshots" / "openapi.json"

pytestmark = pytest.mark.django_db


def test_openapi_matches_the_committed_snapshot(client):
    current = client.get("/api/v1/openapi.json").json()
    if os.environ.get("ZHIKU_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(
            json.dumps(current, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
    committed = json.loads(SNAPSHOT.read_text())
    assert current == committed, (
        "The API's OpenAPI schema changed. If that was intended, regenerate the snapshot "
        "(see this module's docstring) and commit it."
    )


# The per-client rate limit has its own tests; here it would only turn fuzzing into 429s. The
# middleware reads its limits when the application is built, so build it without them.
with override_settings(ZHIKU_RATE_LIMITS=[]):
    application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# valid requests must succeed (or 404 for ids that do not exist); invalid ones must be refused
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
)
# a withdrawn work's id answers 410 Gone, as documented: valid input, like an unknown id's 404
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "410", "429", "5xx"]
)


@pytest.fixture
def keep_test_connection():
    """Calls go straight to the WSGI app, whose request signals would close the connection that
    holds the test's transaction (Django's test client disconnects them the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(keep_test_connection):
    """A small catalog so that generated ids and slugs sometimes exist."""
    unit = make_unit(name="美洲研究中心", slug="a")
    person = make_person(units=[unit], slug="b", email="never@example.org")
    for i in range(1, 4):
        make_work([person, "张三"], title=f"成果{i}", date=dt.date(2010 + i, 1, 1))
    make_work([person], title="撤回", status=Work.Status.WITHDRAWN)


@schema.parametrize()
@settings(
    max_examples=30,  # bounded: a few seconds per operation
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, seeded):
    """No 5xx, responses and status codes as documented, bad input rejected with 4xx."""
    response = case.call_and_validate()
    assert b"never@example.org" not in response.content
