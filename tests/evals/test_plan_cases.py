"""The plan eval suite (evals/plan/*.yaml + evals/checks/*.py) is well formed and its checks bite.

No judge model is needed: these tests load the cases, resolve every python check, and draft a
few expert plans, then break them on purpose to show each check reports the breakage.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from mlplan.domain import OpenQuestion, Plan, Section, ServingMode, SplitStrategy
from mlplan.prompt_evals.assertions import MissingPath, resolve
from mlplan.prompt_evals.cases import EvalCase, PythonCheck, load_cases, suite_files

ROOT = Path(__file__).resolve().parents[2]
PLAN_SUITE = ROOT / "evals" / "plan"
CHECKS_DIR = ROOT / "evals" / "checks"

TASK_TYPES = {
    "binary_classification",
    "multiclass_classification",
    "multilabel_classification",
    "regression",
    "forecasting",
    "ranking",
    "recommendation",
    "anomaly_detection",
    "clustering",
}


@pytest.fixture(scope="module")
def cases() -> list[EvalCase]:
    return load_cases(suite_files(PLAN_SUITE))


def _module(name: str) -> ModuleType:
    path = CHECKS_DIR / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"plan_checks_{name}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(spec: str) -> Callable[[Plan], str | None]:
    module_name, _, func_name = spec.partition(":")
    func = getattr(_module(module_name), func_name, None)
    assert callable(func), f"{spec}: no such function in {CHECKS_DIR}"
    return func  # type: ignore[no-any-return]


# --- the suite is well formed -------------------------------------------------------------


def test_case_files_load_and_are_grouped_by_theme(cases: list[EvalCase]) -> None:
    files = suite_files(PLAN_SUITE)
    assert 5 <= len(files) <= 7, [f.name for f in files]
    per_file = Counter(c.source.rsplit(":", 1)[0] for c in cases)
    assert all(n >= 3 for n in per_file.values()), per_file


def test_enough_cases_with_unique_ids(cases: list[EvalCase]) -> None:
    assert len(cases) >= 30
    ids = Counter(c.id for c in cases)
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_task_type_is_covered(cases: list[EvalCase]) -> None:
    tags = {t for c in cases for t in c.tags}
    aliases = {"binary": "binary_classification", "multiclass": "multiclass_classification",
               "multilabel": "multilabel_classification"}  # fmt: skip
    covered = {aliases.get(t, t) for t in tags} & TASK_TYPES
    assert covered == TASK_TYPES


def test_every_case_checks_the_plan_has_no_errors(cases: list[EvalCase]) -> None:
    assert [c.id for c in cases if not any(a.kind == "no_errors" for a in c.assertions)] == []


def test_every_python_check_exists_and_is_typed(cases: list[EvalCase]) -> None:
    specs = {a.check for c in cases for a in c.assertions if isinstance(a, PythonCheck)}
    assert specs
    for spec in sorted(specs):
        func = _check(spec)
        sig = inspect.signature(func)
        assert list(sig.parameters) == ["plan"], spec
        assert sig.return_annotation in ("str | None", str | None), spec


def test_every_check_function_is_used_by_some_case(cases: list[EvalCase]) -> None:
    used = {a.check for c in cases for a in c.assertions if isinstance(a, PythonCheck)}
    defined = {
        f"{path.stem}:{name}"
        for path in CHECKS_DIR.glob("*.py")
        for name, obj in vars(_module(path.stem)).items()
        if inspect.isfunction(obj)
        and not name.startswith("_")
        and obj.__module__.startswith("plan_checks_")
    }
    assert defined - used == set()


def test_judge_assertions_are_rare_and_tagged(cases: list[EvalCase]) -> None:
    judged = [c for c in cases if any(a.kind == "llm_rubric" for a in c.assertions)]
    assert len(judged) <= 3
    assert all("judge" in c.tags for c in judged)


def test_paths_exist_in_the_plan_schema(
    expert_plans: dict[str, Plan], cases: list[EvalCase]
) -> None:
    """A typo in a path is an eval error, never a silent pass: every path resolves on a plan."""
    plan = expert_plans["fraud"]
    bad = []
    for c in cases:
        for a in c.assertions:
            path = getattr(a, "path", None)
            if not path:
                continue
            try:
                resolve(plan, path)
            except MissingPath as exc:
                if "no item" not in str(exc):
                    bad.append(f"{c.id}: {exc}")
    assert bad == []


# --- the checks catch broken plans --------------------------------------------------------

BRIEFS = {
    "churn": "Predict churn for our subscription service; 10M CRM rows; ~4 % churn; GDPR applies",
    "fraud": (
        "Detect card-not-present fraud on payment transactions in real time; 50M transactions "
        "a year; 0.1 % are fraud; p99 under 50 ms; 2,000 transactions per second at peak; "
        "PCI DSS applies"
    ),
    "claims": (
        "Predict which insurance claims are fraudulent; 1 in 500 claims is fraud; 5M claims "
        "over 4 years; adjusters review flagged claims"
    ),
    "vague": "Help us use AI for sales",
}
TELECOM_YAML = (
    'text: "Predict monthly churn for a telecom; 2M customers; 3 % churn per month."\n'
    "team_size: 6\n"
)


@pytest.fixture(scope="module")
def expert_plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Plan]]:
    """Expert plans drafted once per module, in an isolated data dir with no LLM."""
    from mlplan.config import get_settings
    from mlplan.service import build_service

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MLPLAN_DATA_DIR", str(tmp_path_factory.mktemp("plan-evals-data")))
        mp.setenv("MLPLAN_LLM", "none")
        mp.delenv("OPENAI_API_KEY", raising=False)
        get_settings.cache_clear()
        service = build_service()
        plans = {name: service.plan(text) for name, text in BRIEFS.items()}
        telecom = tmp_path_factory.mktemp("briefs") / "telecom.yaml"
        telecom.write_text(TELECOM_YAML, encoding="utf-8")
        plans["telecom"] = service.plan(str(telecom))
        get_settings.cache_clear()
        yield plans
    get_settings.cache_clear()


def _ask_what_to_predict(p: Plan) -> None:
    p.open_questions.append(
        OpenQuestion(
            question="What should the model predict, and which decision does it support?",
            section=Section.OVERVIEW,
            why_it_matters="It fixes the target, the task type and the metric.",
        )
    )


def _drop_privacy_phase(p: Plan) -> None:
    p.timeline.phases = [x for x in p.timeline.phases if "privacy" not in x.name.lower()]


def _break_span(p: Plan) -> None:
    span = p.brief.facts["total_rows"].span
    assert span is not None
    span.start += 1


def _drop_rate_questions(p: Plan) -> None:
    p.open_questions = [q for q in p.open_questions if "positive" not in q.question.lower()]


def _set_sizes(p: Plan, **changes: int) -> None:
    assert p.training.split.sizes is not None
    for key, value in changes.items():
        setattr(p.training.split.sizes, key, value)


def _ab(p: Plan, **changes: object) -> None:
    ab = p.evaluation.validation_strategy.ab_test
    assert ab is not None
    for key, value in changes.items():
        setattr(ab, key, value)


def _noop(p: Plan) -> None:
    return None


# (check, base plan, make the base pass (if the expert plan itself does not), break it)
MUTATIONS: list[tuple[str, str, Callable[[Plan], None], Callable[[Plan], None]]] = [
    ("numbers:split_sizes_add_up", "churn", _noop, lambda p: _set_sizes(p, test_rows=1_400_000)),
    ("numbers:expected_positives_match_rate", "churn", _noop,
     lambda p: _set_sizes(p, train_positives=28_000)),
    ("numbers:ab_sample_size_consistent", "churn", _noop,
     lambda p: _ab(p, sample_size_per_arm=3_947)),
    ("numbers:ab_sample_size_consistent", "fraud", _noop, lambda p: _ab(p, guardrail_metrics=[])),
    ("numbers:ab_baseline_is_stated_rate", "fraud", _noop, lambda p: _ab(p, baseline_rate=0.05)),
    ("numbers:replicas_cover_load", "fraud", _noop,
     lambda p: setattr(p.deployment.scaling, "replicas", 2)),
    ("numbers:replicas_cover_load", "fraud", _noop,
     lambda p: setattr(p.deployment.scaling, "peak_rps", 200.0)),
    ("numbers:timeline_consistent", "churn", _noop,
     lambda p: setattr(p.timeline, "total_weeks", (p.timeline.total_weeks or 0) - 3)),
    ("numbers:timeline_uses_stated_team", "telecom", _noop,
     lambda p: setattr(p.timeline, "team", "3 people (assumed)")),
    ("facts:assumptions_cover_assumed_facts", "vague", _noop,
     lambda p: setattr(p, "assumptions", p.assumptions[3:])),
    ("facts:stated_facts_quote_the_brief", "churn", _noop, _break_span),
    ("facts:vague_brief_surfaces_unknowns", "vague", _noop,
     lambda p: setattr(p, "open_questions", p.open_questions[:2])),
    ("facts:asks_what_to_predict", "vague", _ask_what_to_predict,
     lambda p: setattr(p, "open_questions", [])),
    ("facts:unknown_positive_rate_is_asked", "vague", _noop, _drop_rate_questions),
    ("people:personal_data_measures_complete", "churn", _noop,
     lambda p: setattr(p.data.privacy, "deletion", None)),
    ("people:fairness_and_redress", "fraud", _noop,
     lambda p: setattr(p.deployment, "redress", None)),
    ("people:fairness_and_redress", "fraud", _noop,
     lambda p: setattr(p.evaluation.fairness, "applicable", False)),
    ("people:regulated_privacy_review_scheduled", "churn", _noop, _drop_privacy_phase),
    ("splits:split_respects_time", "churn", _noop,
     lambda p: setattr(p.training.split, "strategy", SplitStrategy.STRATIFIED)),
    ("splits:split_respects_groups", "churn", _noop,
     lambda p: setattr(p.training.split, "strategy", SplitStrategy.TIME_BASED)),
    ("splits:test_set_untouched", "fraud", _noop,
     lambda p: setattr(p.training.tuning, "on", "the test split")),
    ("splits:resampling_inside_training_folds", "fraud", _noop,
     lambda p: setattr(p.training, "imbalance", None)),
    ("serving:claims_rate_is_1_in_500", "claims", _noop,
     lambda p: setattr(p.brief, "positive_class_rate", 0.02)),
    ("serving:aml_rate_is_0_02_percent", "fraud", lambda p: setattr(p.brief, "positive_class_rate", 0.0002),
     lambda p: setattr(p.brief, "positive_class_rate", None)),
    ("serving:intrusion_throughput_from_daily_volume", "fraud",
     lambda p: setattr(p.deployment.scaling, "peak_rps", 12_000.0),
     lambda p: setattr(p.deployment.scaling, "peak_rps", 50.0)),
    ("serving:realtime_latency_budget_met_by_design", "fraud", _noop,
     lambda p: setattr(p.deployment, "serving_mode", ServingMode.BATCH)),
    ("serving:rollback_is_automatic", "fraud", _noop,
     lambda p: setattr(p.deployment, "rollback", None)),
]  # fmt: skip


def test_mutations_cover_every_check(cases: list[EvalCase]) -> None:
    used = {a.check for c in cases for a in c.assertions if isinstance(a, PythonCheck)}
    assert used - {spec for spec, *_ in MUTATIONS} == set()


@pytest.mark.parametrize(
    ("spec", "base", "fix", "breakage"),
    MUTATIONS,
    ids=[f"{spec}-{i}" for i, (spec, *_) in enumerate(MUTATIONS)],
)
def test_check_passes_a_sound_plan_and_fails_a_broken_one(
    expert_plans: dict[str, Plan],
    spec: str,
    base: str,
    fix: Callable[[Plan], None],
    breakage: Callable[[Plan], None],
) -> None:
    check = _check(spec)
    plan = expert_plans[base].model_copy(deep=True)
    fix(plan)
    assert check(plan) is None, f"{spec} should pass the {base} plan: {check(plan)}"
    breakage(plan)
    message = check(plan)
    assert isinstance(message, str) and message.strip(), f"{spec} missed the breakage"
