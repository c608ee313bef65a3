"""API fuzzing from the OpenAPI schema: schemathesis generates valid and invalid requests for every
operation (about 2,000 cases in all); the server must never answer 5xx and every 4xx must be the
documented problem+json."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from guanxi.access.services import create_token
from guanxi.core.actor import SYSTEM
from guanxi.core.testing import make

CASES = 2_400  # in all, spread evenly over the operations (about 40 each with ~60 operations)


@pytest.fixture
def api_schema(org: Any) -> Any:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from guanxi.wsgi import application

    # As Django's test client does: requests must not close the connection holding the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(org: Any) -> str:
    # Real records so that some generated ids and filters hit data.
    for key in ("account", "contact", "lead", "interaction"):
        make(key, org.admin)
    return create_token(user=org.admin, name="fuzz", actor=SYSTEM)[1]


def problem_json_on_client_errors(ctx: Any, response: Any, case: Any) -> bool | None:
    if 400 <= response.status_code < 500 and response.status_code != 405:
        headers = {k.lower(): v for k, v in response.headers.items()}
        content_type = headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (response.status_code, content_type)
    return None


@pytest.mark.django_db
def test_api_has_no_server_errors(api_schema: Any, token: str) -> None:
    # Driven with hypothesis directly (one property per operation) rather than the pytest plugin,
    # whose collection hooks lag behind pytest releases.
    cases = 0
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    per_operation = max(25, CASES // len(operations))
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=per_operation,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            nonlocal cases
            cases += 1
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                checks=[not_a_server_error, problem_json_on_client_errors],
            )

        run()
    print(f"schemathesis: {cases} generated cases over {len(operations)} operations")
    assert cases >= 1500
