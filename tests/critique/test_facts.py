"""Each fact the rules need, read from realistic plans, with the line that states it."""

from __future__ import annotations

import pytest

from mlplan.domain import (
    CVMethod,
    FitScope,
    MetricName,
    ModelFamily,
    PlanDraft,
    Regulation,
    RolloutStrategy,
    ServingMode,
    SplitStrategy,
    TaskType,
)
from mlplan.validate import validate_plan

from ._plans import FRAUD, NOTES_TXT, PROSE, TERSE, line_of
from ._reading import parse as _parse


def _line(draft: PlanDraft, path: str) -> int | None:
    return draft.evidence[path].line


@pytest.fixture(scope="module")
def fraud() -> PlanDraft:
    return _parse(FRAUD)


@pytest.fixture(scope="module")
def terse() -> PlanDraft:
    return _parse(TERSE)


def test_every_evidence_quote_is_the_documents_own_words(fraud: PlanDraft) -> None:
    flat = " ".join(FRAUD.split())
    for path, evidence in fraud.evidence.items():
        assert evidence.line is not None, path
        assert evidence.quote.rstrip("…") in flat or evidence.quote[:40] in flat, path


def test_task_type(fraud: PlanDraft) -> None:
    assert fraud.plan.brief.task_type is TaskType.BINARY_CLASSIFICATION
    assert _line(fraud, "brief.task_type") == line_of(FRAUD, "Predict whether")
    notes = _parse(NOTES_TXT, kind="text")
    assert notes.plan.brief.task_type is TaskType.FORECASTING


def test_primary_metric_and_rejected_accuracy(fraud: PlanDraft) -> None:
    evaluation = fraud.plan.evaluation
    assert evaluation.primary_metric.name is MetricName.PR_AUC
    assert _line(fraud, "evaluation.primary_metric") == line_of(FRAUD, "Primary metric: PR-AUC")
    names = [m.name for m in evaluation.secondary_metrics]
    assert MetricName.RECALL_AT_PRECISION in names
    assert MetricName.ACCURACY not in names  # "We will not use accuracy"


def test_success_equals_accuracy_sets_the_primary_metric(terse: PlanDraft) -> None:
    primary = terse.plan.evaluation.primary_metric
    assert primary.name is MetricName.ACCURACY
    assert primary.minimum == pytest.approx(0.95)
    assert _line(terse, "evaluation.primary_metric") == line_of(TERSE, "success = accuracy")


@pytest.mark.parametrize(
    ("evaluation", "primary"),
    [
        ("We will not use accuracy. Primary metric: F1.", MetricName.F1),
        ("Accuracy is misleading here; we report recall at 90% precision.",
         MetricName.RECALL_AT_PRECISION),
        ("We optimise for NDCG@10; MRR is reported alongside.", MetricName.NDCG_AT_K),
    ],
)  # fmt: skip
def test_rejected_metrics_set_nothing(evaluation: str, primary: MetricName) -> None:
    text = f"# Plan\n\n## Problem\n\nToday the rules get 61% accuracy.\n\n## Evaluation\n\n{evaluation}\n"
    draft = _parse(text)
    metrics = draft.plan.evaluation
    assert metrics.primary_metric.name is primary
    assert MetricName.ACCURACY not in [m.name for m in metrics.secondary_metrics]


def test_only_rejected_metric_leaves_primary_unset() -> None:
    draft = _parse("# Plan\n\n## Evaluation\n\nWe will not use accuracy.\n")
    assert draft.plan.evaluation.primary_metric.name is MetricName.OTHER
    assert draft.evidence["evaluation.primary_metric"].quote == "We will not use accuracy"


def test_split_method_and_ratios(terse: PlanDraft, fraud: PlanDraft) -> None:
    split = terse.plan.training.split
    assert split.strategy is SplitStrategy.RANDOM
    assert split.ratios is not None
    assert (split.ratios.train, split.ratios.validation, split.ratios.test) == (0.8, 0.1, 0.1)
    assert _line(terse, "training.split.ratios") == line_of(TERSE, "80/10/10")
    assert fraud.plan.training.split.strategy is SplitStrategy.TIME_BASED
    assert _line(fraud, "training.split.strategy") == line_of(FRAUD, "Time-based split")


@pytest.mark.parametrize(
    ("sentence", "strategy", "cv"),
    [
        ("We use GroupKFold by customer_id with 5 folds.", SplitStrategy.GROUP, CVMethod.GROUP_KFOLD),
        ("Stratified 80/20 train/test split, then 5-fold CV.", SplitStrategy.STRATIFIED,
         CVMethod.KFOLD),
        ("Walk-forward validation: train on the past, test on the next month.",
         SplitStrategy.TIME_BASED, CVMethod.EXPANDING_WINDOW),
        ("We shuffle the rows and hold out 20% as the test set.", SplitStrategy.RANDOM,
         CVMethod.NONE),
    ],
)  # fmt: skip
def test_split_wordings(sentence: str, strategy: SplitStrategy, cv: CVMethod) -> None:
    draft = _parse(f"# Plan\n\n## Training\n\n{sentence}\n")
    assert draft.plan.training.split.strategy is strategy
    assert draft.plan.training.cross_validation.method is cv


def test_time_order_and_grouping_cues(terse: PlanDraft) -> None:
    assert terse.plan.data.has_time_order is True
    assert terse.plan.data.group_key == "customer_id"
    assert _line(terse, "data.group_key") == line_of(TERSE, "one row per customer per month")
    rules = {f.rule_id for f in validate_plan(terse.plan, rules=["L01", "L02"])}
    assert rules == {"L01", "L02"}


def test_not_time_ordered_is_respected() -> None:
    text = (
        "# Plan\n\n## Data\n\nA static snapshot of 50k product images; the data is not "
        "time-ordered.\n\n## Training\n\nRandom 80/10/10 split.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.time_ordered is False
    assert draft.plan.data.has_time_order is False
    assert validate_plan(draft.plan, rules=["L01"]) == []


def test_personal_data_and_regulations(fraud: PlanDraft) -> None:
    brief = fraud.plan.brief
    assert brief.regulations == [Regulation.GDPR, Regulation.PCI_DSS]  # cardholder data
    assert brief.personal_data is True
    assert _line(fraud, "brief.regulations") == line_of(FRAUD, "personal data under GDPR")
    privacy = fraud.plan.data.privacy
    assert privacy.lawful_basis and "legitimate interest" in privacy.lawful_basis
    assert privacy.retention and "13 months" in privacy.retention
    assert _line(fraud, "data.privacy.retention") == line_of(FRAUD, "kept for 13 months")


def test_sensitive_features_used_as_inputs() -> None:
    text = (
        "# Plan\n\n## Features\n\n- income, tenure, age, postcode district\n- Gender is not used.\n"
    )
    draft = _parse(text)
    sensitive = {f.name for f in draft.plan.features.features if f.sensitive}
    assert sensitive == {"age", "postcode"}
    assert {f.path for f in validate_plan(draft.plan, rules=["P07"])} == {
        "features.features[2].justification",
        "features.features[3].justification",
    }
    justified = _parse(
        text + "- Age is used because it is legally required for the pricing model.\n"
    )
    age = next(f for f in justified.plan.features.features if f.name == "age")
    assert "legally required" in age.justification


def test_latency_and_throughput(fraud: PlanDraft) -> None:
    deployment = fraud.plan.deployment
    assert deployment.serving_mode is ServingMode.REALTIME
    assert deployment.latency_ms_p99 == 50
    assert deployment.throughput_rps == 1200
    assert _line(fraud, "deployment.latency_ms_p99") == line_of(FRAUD, "p99 latency under 50 ms")


def test_model_family_and_baseline(fraud: PlanDraft) -> None:
    model = fraud.plan.model
    assert (model.primary.name, model.primary.family) == ("LightGBM", ModelFamily.GBDT)
    assert model.baseline.name == "logistic regression"
    assert model.iteration_order == ["logistic regression", "LightGBM"]
    assert fraud.plan.evaluation.baseline
    assert _line(fraud, "model.primary") == line_of(FRAUD, "then LightGBM")


def test_rollout_rollback_fallback(fraud: PlanDraft) -> None:
    deployment = fraud.plan.deployment
    assert deployment.rollout.strategy is RolloutStrategy.SHADOW
    assert (
        deployment.rollback is not None
        and "previous model version" in deployment.rollback.mechanism
    )
    assert deployment.fallback and "rules engine" in deployment.fallback
    assert _line(fraud, "deployment.rollback") == line_of(FRAUD, "Rollback: re-point")
    assert deployment.quality_gate and "promoted only if" in deployment.quality_gate


def test_no_rollback_yet_is_absent_with_evidence(terse: PlanDraft) -> None:
    assert terse.plan.deployment.rollback is None
    assert terse.evidence["deployment.rollback"].quote == "No rollback yet"
    assert terse.plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG


@pytest.mark.parametrize(
    ("sentence", "path", "default"),
    [
        ("We might add a canary later.", "deployment.rollout.strategy", RolloutStrategy.NONE),
        ("Fallback: to be decided.", "deployment.fallback", None),
        ("Drift monitoring would be nice to have.", "deployment.monitoring.data_drift", ""),
        ("Rollback is not planned for v1.", "deployment.rollback", None),
    ],
)
def test_hedged_or_negated_commitments_are_absent(
    sentence: str, path: str, default: object
) -> None:
    draft = _parse(f"# Plan\n\n## Deployment\n\nNightly batch job on Airflow. {sentence}\n")
    value: object = draft.plan
    for name in path.split("."):
        value = getattr(value, name)
    assert value == default
    assert draft.evidence[path].line == 5  # the hedge is the evidence the finding points at


def test_monitoring_and_retraining(fraud: PlanDraft) -> None:
    monitoring = fraud.plan.deployment.monitoring
    assert "PSI" in monitoring.data_drift
    assert _line(fraud, "deployment.monitoring.data_drift") == line_of(FRAUD, "Daily PSI drift")
    retraining = fraud.plan.deployment.retraining
    assert "monthly" in retraining.frequency
    assert retraining.triggers and "PSI exceeds 0.25" in retraining.triggers[0]
    assert monitoring.alerts and "fraud-ml on-call" in monitoring.alerts[0].owner


def test_preprocessing_fitted_on_all_data_is_read() -> None:
    text = (
        "# Plan\n\n## Approach\n\n- fit the tf-idf vocabulary on all 410k tickets, then split "
        "80/20 train/test\n"
    )
    draft = _parse(text)
    assert draft.plan.features.preprocessing_fit_scope is FitScope.ALL_DATA
    assert {f.rule_id for f in validate_plan(draft.plan, rules=["L04", "L12"])} == {"L04", "L12"}


def test_prose_facts_are_quoted_into_text_fields() -> None:
    draft = _parse(PROSE, kind="text")
    plan = draft.plan
    assert plan.model.primary.family is ModelFamily.GBDT
    assert plan.training.split.strategy is SplitStrategy.TIME_BASED
    assert plan.deployment.monitoring.data_drift.startswith("The model will be deployed")
    assert "retrain quarterly" in plan.deployment.retraining.frequency
    assert plan.data.positive_class_rate == pytest.approx(0.04)
    assert _line(draft, "data.positive_class_rate") == line_of(PROSE, "Around 4%")


def test_facts_never_stated_stay_at_defaults() -> None:
    draft = _parse("# Plan\n\n## Data\n\n2M rows from the warehouse.\n")
    plan = draft.plan
    assert plan.deployment.rollback is None
    assert plan.training.split.strategy is SplitStrategy.UNKNOWN
    assert plan.evaluation.primary_metric.name is MetricName.OTHER
    assert not any(
        k.startswith(("deployment.", "training.", "evaluation.")) for k in draft.evidence
    )
