"""PlanService.review: the one entry point the CLI, API and Slack doors call."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest

from mlplan.errors import PlanFileError
from mlplan.service import PlanService, build_service

from ._plans import FRAUD, TERSE


def _bench() -> ModuleType:
    """benchmarks/ is not a package: load the benchmark module by path."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_review.py"
    spec = importlib.util.spec_from_file_location("bench_review", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def service() -> PlanService:
    return build_service()


def test_review_a_markdown_file(service: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "churn.md"
    path.write_text(TERSE, encoding="utf-8")
    review = service.review(str(path))
    assert review.source == "churn.md"
    assert review.verdict == "not_ready"
    assert review.plan is not None and review.plan.meta.drafter == "parsed"
    rule_ids = {f.rule_id for f in review.findings}
    assert {"M01", "L01", "D04"} <= rule_ids
    assert "S04" not in rule_ids  # people's plans cannot cite mlplan's knowledge base


def test_review_plan_text(service: PlanService) -> None:
    review = service.review(FRAUD)
    assert review.source == "-"
    assert all(f.evidence is not None for f in review.findings)


def test_review_our_json_plan_runs_every_rule(service: PlanService, tmp_path: Path) -> None:
    plan = service.plan("Predict churn for our 2M telco customers next month; 3% churn; GDPR.")
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    review = service.review(str(path))
    assert review.plan is not None and review.plan.meta.drafter == "expert"
    assert sorted(f.rule_id for f in review.findings) == sorted(f.rule_id for f in plan.findings)


def test_bad_input_raises_plan_file_error(service: PlanService, tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="does not exist"):
        service.review(str(tmp_path / "missing.md"))
    with pytest.raises(PlanFileError, match="empty"):
        service.review("   ")


def test_a_10000_word_plan_is_reviewed_quickly(service: PlanService) -> None:
    """Loose bound (the benchmark measures < 200 ms): catches quadratic slow-downs only."""
    text = _bench().ten_thousand_word_plan()
    assert len(text.split()) >= 10_000
    service.review(text)  # warm
    start = time.perf_counter()
    review = service.review(text)
    assert time.perf_counter() - start < 2.0
    assert review.coverage and review.findings
