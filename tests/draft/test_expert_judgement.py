"""Drafting judgement a staff ML engineer would apply: thresholds that fit the label structure,
metrics that fit how the score is used, impact claims backed by the test the plan runs, and
questions about what the brief leaves open."""

from __future__ import annotations

from mlplan.domain import (
    MetricName,
    ModelFamily,
    Plan,
    Section,
    ServingMode,
    SplitStrategy,
    TaskType,
)
from mlplan.draft.expert import ExpertDrafter
from mlplan.understand import parse_text
from mlplan.validate import validate_plan


def _plan(text: str) -> Plan:
    return ExpertDrafter().draft(parse_text(text))


def _rules(plan: Plan) -> set[str]:
    return {f.rule_id for f in validate_plan(plan)}


def test_multilabel_plans_choose_a_threshold_per_label() -> None:
    plan = _plan("Tag recipes with any of 60 dietary labels; 250k recipes")
    assert plan.brief.task_type is TaskType.MULTILABEL_CLASSIFICATION
    threshold = plan.evaluation.decision_threshold
    assert threshold is not None and threshold.chosen_on == "validation"
    assert "each of the 60 labels" in threshold.method
    assert "M08" not in _rules(plan)


def test_probabilities_that_feed_bids_are_judged_by_log_loss() -> None:
    plan = _plan(
        "Predict the probability that a sponsored listing is clicked; the auction ranks by "
        "bid x probability; 0.8 % CTR; 40 ms p99"
    )
    assert plan.evaluation.primary_metric.name is MetricName.LOG_LOSS
    secondary = {m.name for m in plan.evaluation.secondary_metrics}
    assert {MetricName.ECE, MetricName.BRIER} <= secondary
    threshold = plan.evaluation.decision_threshold
    assert threshold is not None and "no score cut-off" in threshold.method


def test_a_thresholded_rare_event_keeps_its_operating_point_metric() -> None:
    plan = _plan("Flag fraudulent insurance claims for review; 0.3 % fraud; 2M claims")
    assert plan.evaluation.primary_metric.name is MetricName.RECALL_AT_PRECISION


def test_estimates_shown_at_checkout_get_an_ab_test() -> None:
    plan = _plan(
        "Estimate grocery delivery duration shown at checkout; 5M past deliveries; "
        "p99 under 100 ms; 300 requests per second"
    )
    ab = plan.evaluation.validation_strategy.ab_test
    assert ab is not None and (ab.sample_size_per_arm or 0) > 0
    assert "M11" not in _rules(plan)


def test_untestable_impact_is_not_claimed_as_a_tested_effect() -> None:
    plan = _plan("Detect anomalous logins as they arrive; 80M logins per day; we have no labels")
    assert plan.evaluation.validation_strategy.ab_test is None
    assert "not as a tested causal effect" in plan.problem_framing.impact_goals[0].target
    assert "M11" not in _rules(plan)


def test_vague_brief_asks_first_what_to_predict() -> None:
    plan = _plan("We'd like some machine learning for our insurance team")
    assert plan.brief.origin("task_type") is not None
    first = plan.open_questions[0]
    assert first.section is Section.OVERVIEW
    assert first.question.startswith("What should the model predict")


def test_vague_healthcare_brief_asks_about_patient_data() -> None:
    plan = _plan("Could AI do something for our clinics?")
    questions = " ".join(q.question for q in plan.open_questions)
    assert "patient" in questions and "HIPAA" in questions


def test_known_task_is_not_asked_again() -> None:
    plan = _plan("Predict churn for our subscription service; 10M CRM rows; ~4 % churn")
    assert not any("What should the model predict" in q.question for q in plan.open_questions)


def test_forecast_without_horizon_or_grain_asks_and_assumes_both() -> None:
    plan = _plan("We need demand forecasting for our bakeries")
    questions = " ".join(q.question.lower() for q in plan.open_questions)
    assert "horizon" in questions and "granularity" in questions
    assumed = {a.field for a in plan.assumptions}
    assert {"forecast_horizon", "granularity"} <= assumed


def test_stated_horizon_is_not_questioned() -> None:
    plan = _plan("Forecast daily sales per store for the next 14 days; 3 years of sales history")
    assert not any("horizon" in q.question.lower() for q in plan.open_questions)


def test_small_regression_starts_linear() -> None:
    plan = _plan("Estimate the yield of each field from soil and weather data; 600 labelled plots")
    assert plan.model.primary.family is ModelFamily.LINEAR
    assert any("ridge" in step.lower() for step in plan.model.iteration_order)


def test_large_regression_keeps_boosted_trees() -> None:
    plan = _plan("Estimate the sale price of used cars; 2M past sales")
    assert plan.model.primary.family is ModelFamily.GBDT


def test_stream_sized_from_daily_volume_uses_per_event_time() -> None:
    plan = _plan(
        "Detect anomalous payments as they arrive from Kafka; 200M payments per day; no labels"
    )
    scaling = plan.deployment.scaling
    assert plan.deployment.serving_mode is ServingMode.STREAMING
    assert scaling.peak_rps is not None and scaling.peak_rps > 2_000
    assert scaling.latency_ms is not None and scaling.latency_ms <= 10
    assert scaling.replicas is not None and scaling.max_replicas is not None
    assert scaling.max_replicas >= 3 * scaling.replicas
    assert "peak hour" in scaling.computation


def test_windowed_signal_split_by_patient_not_by_time() -> None:
    plan = _plan(
        "Classify sleep stages from EEG recordings cut into 30-second epochs; 300 patients; "
        "900k epochs"
    )
    assert plan.training.split.strategy in (
        SplitStrategy.STRATIFIED_GROUP,
        SplitStrategy.GROUP,
        SplitStrategy.SOURCE_GROUPED,
    )
    assert plan.training.split.group_key == "patient_id"
    assert "L01" not in _rules(plan)


def test_credit_applications_are_validated_out_of_time() -> None:
    plan = _plan("Score personal loan applications; 1M applications; 5 % bad rate; ECOA")
    assert plan.training.split.strategy.respects_time
