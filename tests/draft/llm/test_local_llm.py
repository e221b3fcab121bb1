"""End to end against a real model: llama.cpp serving SmolLM2-135M on loopback (slow, ~3 min).

What a user of `--llm local` relies on: a full plan comes back schema-valid and validated,
every section is either the model's (passing the validators) or the expert's with the reason
recorded, the critical path stays within three rounds, and when the model picks a metric
that does not fit the brief the validators send it back and the plan never keeps it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.config import Settings
from mlplan.domain import Plan, Severity
from mlplan.service import build_service

PROMPTS = Path(__file__).parent / "prompts"
BRIEF = (
    "Predict which subscribers cancel next month for our streaming service; 2M monthly "
    "customer snapshots from 2022 to 2024; about 3% churn; GDPR applies."
)

SHORT_BRIEF = "Predict which subscribers will cancel next month; 2M rows; 3% churn."


def _settings(url: str, data_dir: Path, **kw: object) -> Settings:
    base: dict[str, object] = {
        "data_dir": data_dir,
        "llm": "local",
        "llm_base_url": url,
        "llm_temperature": 0.0,
        "llm_max_tokens": 600,
        "llm_timeout_s": 300.0,
    }
    return Settings(**(base | kw))


@pytest.fixture(scope="module")
def full_plan(llama_server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path]:
    data_dir = tmp_path_factory.mktemp("llm-e2e")
    service = build_service(_settings(llama_server, data_dir))
    return service.plan(BRIEF), data_dir


def test_a_full_plan_comes_back_schema_valid_and_validated(full_plan: tuple[Plan, Path]) -> None:
    plan, _ = full_plan
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    run = plan.meta.llm
    assert run is not None and run.provider == "local" and plan.meta.drafter.startswith("llm:")
    sections = {c.section for c in run.calls}
    assert sections == {
        "problem_framing", "overview", "data", "features", "model",
        "training", "evaluation", "deployment", "timeline",
    }  # fmt: skip
    assert run.input_tokens > 0 and run.output_tokens > 0
    assert 2 <= run.rounds <= 3
    for section in sections:
        outcomes = [c.outcome for c in run.calls if c.section == section]
        assert outcomes[-1] == "accepted" or section in run.fallbacks, (section, outcomes)
    # Sections the model kept pass the validators: no error points into them.
    kept = sections - set(run.fallbacks)
    errors = [f for f in plan.findings if f.severity is Severity.ERROR]
    assert not [f for f in errors if f.path.split(".")[0] in kept], errors


def test_a_repeat_is_answered_from_the_cache(
    full_plan: tuple[Plan, Path], llama_server: str
) -> None:
    plan, data_dir = full_plan
    again = build_service(_settings(llama_server, data_dir)).plan(BRIEF)
    assert again.meta.llm is not None
    firsts = [c for c in again.meta.llm.calls if c.attempt == 1]
    assert firsts and all(c.cached for c in firsts)
    assert again.evaluation == plan.evaluation


def test_a_wrong_metric_from_the_model_is_sent_back_and_never_kept(
    llama_server: str, tmp_path: Path
) -> None:
    """A careless prompt (no reference, no guidance) makes the small model pick a metric the
    validators reject; the repair round must run for real and the plan must not keep it."""
    settings = _settings(
        llama_server, tmp_path, prompts_dir=PROMPTS, llm_prompts="e2e", llm_max_tokens=200
    )
    plan = build_service(settings).plan(SHORT_BRIEF)
    assert plan.meta.llm is not None
    calls = [c for c in plan.meta.llm.calls if c.section == "evaluation"]
    assert calls[0].outcome == "findings" and {"M01", "M03"} & set(calls[0].detail.split(", "))
    assert len(calls) == 2 and calls[1].round == 2
    metric_errors = [f for f in plan.findings if f.rule_id in ("M01", "M03")]
    assert not metric_errors
