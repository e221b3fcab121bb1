"""API tests: one warm service per session, a fresh store per test on each backend.

`api` is an app with an API key over a store that is in memory (the shipped fake), a
temporary SQLite file, or a new PostgreSQL database, so every behaviour test runs on all
three. `make_api(**settings)` builds another app (different settings, or a "restart") over
the same store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mlplan.adapters.api import create_app
from mlplan.config import Settings
from mlplan.service import PlanService, build_service
from mlplan.store.api import Store
from mlplan.testing import ScriptedChatClient

CHURN = (
    "Predict churn for our subscription service; 10M CRM rows of monthly customer snapshots; "
    "~4% churn; GDPR applies."
)
PLAN_MD = """# Churn model plan

## Problem
Predict which customers cancel in the next 30 days.

## Data
10M rows of CRM snapshots, one per customer per month.

## Evaluation
We will measure accuracy on a random split.
"""


@pytest.fixture(scope="session")
def api_service(tmp_path_factory: pytest.TempPathFactory) -> PlanService:
    settings = Settings(data_dir=tmp_path_factory.mktemp("api-data"), llm="none", llm_cache="off")
    service = build_service(settings)
    service.knowledge_index()  # built once for the session
    return service


def llm_service(base: PlanService, client: ScriptedChatClient) -> PlanService:
    """The session service's index and drafter, with a scripted LLM client."""
    service = PlanService(
        settings=base.settings.model_copy(update={"llm": "local"}),
        drafter=base.drafter,
        max_brief_bytes=base.max_brief_bytes,
        llm_client=client,
    )
    service._kb = base.knowledge_index()
    return service


@pytest.fixture
def store(any_store: Store) -> Store:
    """The API tests run on every backend (tests/conftest.py: memory, SQLite, PostgreSQL)."""
    return any_store


@dataclass
class Api:
    client: TestClient
    store: Store
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.client.post(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def drain(self) -> None:
        """Wait until every job this app started has finished."""
        jobs = self.client.app.state.ctx.jobs  # type: ignore[attr-defined]
        self.client.portal.call(jobs.drain)  # type: ignore[union-attr]


MakeApi = Callable[..., AbstractContextManager[Api]]


@pytest.fixture
def make_api(api_service: PlanService, store: Store, tmp_path: Path) -> MakeApi:
    _, key = store.create_api_key("tests")

    @contextmanager
    def make(service: PlanService | None = None, **overrides: Any) -> Iterator[Api]:
        service = service or api_service
        settings = service.settings.model_copy(update={"data_dir": tmp_path, **overrides})
        app = create_app(service=service, store=store, settings=settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client=client, store=store, key=key)

    return make


@pytest.fixture
def api(make_api: MakeApi) -> Iterator[Api]:
    with make_api() as a:
        yield a
