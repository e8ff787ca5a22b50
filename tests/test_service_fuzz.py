"""Schemathesis over the OpenAPI document `guideline serve` publishes, against a real server:
no request, however malformed, gets a 5xx answer. Bounded: a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.service.helpers import serving
from tests.service.server import GUIDELINES


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from compiler.service.app import create_app
    from compiler.service.settings import Settings

    database = str(Path(tmp_path_factory.mktemp("fuzz")) / "feedback.sqlite3")

    def make(url: str) -> Any:
        return create_app(
            Settings(
                guidelines=GUIDELINES,
                base_url=url,
                insecure_no_auth=True,
                feedback_database=database,
                fhir_timeout=0.5,
                jwks_timeout=0.5,
            )
        )

    with serving(make) as url:
        yield url


def test_no_request_gets_a_server_error(base: str) -> None:
    """Every operation of the document, a dozen generated requests each (schemathesis draws
    them from the schema; its pytest plugin is not used, hypothesis runs them directly)."""
    api = schemathesis.openapi.from_url(base + "/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 8
    seen: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def call(case: Any) -> None:
            response = case.call(timeout=30)
            seen.append(response.status_code)
            assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])

        call()
    assert len(seen) >= 3 * len(operations)
