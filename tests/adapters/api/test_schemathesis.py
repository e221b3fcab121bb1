"""No malformed input yields a 5xx: schemathesis fuzzes every operation from /openapi.json.

In-process through the ASGI app (no network), on each store backend, positive and negative cases for every
operation, at least 500 cases in all; each response is checked for server errors, a
documented status code and content type, and conformance to its documented schema.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mlplan.adapters.api import create_app
from mlplan.service import PlanService
from mlplan.store.api import Store
from mlplan.testing import ScriptedChatClient

from .conftest import llm_service

CASES_PER_MODE = 25
MIN_CASES = 500
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_app(api_service: PlanService, store: Store, tmp_path: Path):
    _, key = store.create_api_key("fuzz")
    service = llm_service(api_service, ScriptedChatClient({}))
    settings = service.settings.model_copy(
        update={"data_dir": tmp_path, "llm": "none", "api_rate_limit_per_minute": 0}
    )
    return create_app(service=service, store=store, settings=settings), key


def test_no_generated_request_gets_a_server_error_or_breaks_the_schema(fuzz_app) -> None:
    app, key = fuzz_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    auth = {"Authorization": f"Bearer {key}"}
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis.settings(
                max_examples=CASES_PER_MODE,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            def run(case: schemathesis.Case) -> None:
                counts[case.operation.label] += 1
                response = case.call(headers=auth)
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # no parameters to break (/healthz)
            except Exception as exc:  # collect every failing operation, not just the first
                failures.append(f"{operation.label} [{mode.value}]: {exc!r}"[:1500])
    total = sum(counts.values())
    print(f"schemathesis: {total} cases over {len(counts)} operations")
    assert not failures, "\n\n".join(dict.fromkeys(failures))
    assert total >= MIN_CASES, counts
    assert len(counts) >= 14, counts
