"""Shared pieces for LLM-mode tests: a service with a scripted client, a churn brief."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mlplan.config import Settings
from mlplan.domain import Plan
from mlplan.service import PlanService, build_service
from mlplan.testing import ScriptedChatClient

CHURN = (
    "Predict churn for our subscription service; 10M CRM rows of monthly customer snapshots; "
    "~4% churn; GDPR applies. Questions to jane.doe@example.com."
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", llm="local", llm_cache="off")


@pytest.fixture
def make_service(settings: Settings) -> Callable[..., PlanService]:
    def make(client: ScriptedChatClient, **overrides: object) -> PlanService:
        service = build_service(settings.model_copy(update=overrides))
        service.llm_client = client
        return service

    return make


def run_plan(
    service: PlanService, brief: str = CHURN, events: list[tuple[str, str, str]] | None = None
) -> Plan:
    sink = None if events is None else (lambda e, s, d: events.append((e, s, d)))
    return service.plan(brief, llm="local", events=sink)
