"""A fresh store per test on both backends: a temp SQLite file and a new PostgreSQL database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlplan.config import Settings
from mlplan.domain import Plan, Review
from mlplan.service import build_service
from mlplan.store import SqlStore, open_store
from mlplan.testing import ScriptedChatClient

CHURN = "Predict churn for our subscription service; 10M CRM rows; ~4% churn; GDPR applies."
PLAN_MD = """# Churn model plan

## Problem
Predict which customers cancel in the next 30 days.

## Evaluation
We will measure accuracy on a random split.
"""


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend (the schema is created by opening a store)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mlplan.db'}"
        return
    yield request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    s = open_store(url=store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def open_more(store_url: str) -> Iterator[Callable[[], SqlStore]]:
    """More stores on the same database: another process or replica, or one after a restart."""
    opened: list[SqlStore] = []

    def make() -> SqlStore:
        opened.append(open_store(url=store_url))
        return opened[-1]

    yield make
    for s in opened:
        s.close()


@pytest.fixture(scope="session")
def expert_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    settings = Settings(data_dir=tmp_path_factory.mktemp("svc"))
    return build_service(settings).plan(CHURN)


@pytest.fixture(scope="session")
def llm_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """A plan drafted in LLM mode by a scripted client, so plan.meta.llm has real call records."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("svc-llm"), llm="local", llm_cache="off")
    service = build_service(settings)
    service.llm_client = ScriptedChatClient({})
    plan = service.plan(CHURN, llm="local")
    assert plan.meta.llm is not None and plan.meta.llm.calls
    return plan


@pytest.fixture(scope="session")
def review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    settings = Settings(data_dir=tmp_path_factory.mktemp("svc-review"))
    return build_service(settings).review(PLAN_MD)
