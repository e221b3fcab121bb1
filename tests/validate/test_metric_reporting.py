"""M06-M11: slices, thresholds, intervals, one target per metric, and a real online test."""

from __future__ import annotations

from mlplan.domain import (
    ABTest,
    DecisionThreshold,
    ImpactGoal,
    Metric,
    MetricName,
    Plan,
    RolloutStrategy,
    TaskType,
)

from ._plans import RuleProbe, as_task

# -- M06 A/B test design ---------------------------------------------------------------------


def _ab(plan: Plan) -> ABTest:
    test = plan.evaluation.validation_strategy.ab_test
    assert test is not None
    return test


def test_m06_ab_test_without_guardrails_or_sample_size(plan: Plan, probe: RuleProbe) -> None:
    test = _ab(plan)
    test.guardrail_metrics = []
    test.sample_size_per_arm = None
    test.minimum_detectable_effect = None
    probe.fires(plan, "M06", "unit 'customer'", "no guardrail metrics", "no sample size")


def test_m06_underpowered_sample_size(plan: Plan, probe: RuleProbe) -> None:
    _ab(plan).sample_size_per_arm = 5_000
    findings = probe.fires(plan, "M06", "5,000 per arm", "about 39,475 per arm")
    assert findings[0].path.endswith("sample_size_per_arm")


def test_m06_rollout_ab_without_design(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.validation_strategy.ab_test = None
    plan.deployment.rollout.strategy = RolloutStrategy.AB_TEST
    probe.fires(plan, "M06", "'ab_test'")


def test_m06_computable_sample_size_is_enough(plan: Plan, probe: RuleProbe) -> None:
    _ab(plan).sample_size_per_arm = None  # baseline rate + MDE let the team compute it
    probe.silent(plan, "M06")


def test_m06_no_ab_test_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.validation_strategy.ab_test = None
    probe.silent(plan, "M06")


# -- M07 slices ------------------------------------------------------------------------------


def test_m07_no_slices(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.slices = []
    probe.fires(plan, "M07", "'pr_auc'", "age, gender")


def test_m07_slices_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.slices = ["country"]
    probe.silent(plan, "M07")


# -- M08 threshold ---------------------------------------------------------------------------


def test_m08_no_threshold(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.decision_threshold = None
    probe.fires(plan, "M08", "binary_classification")


def test_m08_threshold_without_rationale(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.decision_threshold = DecisionThreshold(method="0.5")
    probe.fires(plan, "M08", "'0.5'", "without a rationale")


def test_m08_multiclass_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.MULTICLASS_CLASSIFICATION).evaluation.decision_threshold = None
    probe.silent(plan, "M08")


# -- M09 confidence intervals ----------------------------------------------------------------


def test_m09_no_interval(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.confidence_intervals = None
    probe.fires(plan, "M09", "'pr_auc'", "14,400 test positives")


def test_m09_fold_spread_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.confidence_intervals = "Spread across the 4 backtest folds"
    probe.silent(plan, "M09")


# -- M10 conflicting targets -----------------------------------------------------------------


def test_m10_prose_contradicts_structured_target(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.success_criteria = ["PR-AUC ≥ 0.55 on the last three months"]
    findings = probe.fires(plan, "M10", "'PR-AUC ≥ 0.55'", "target 0.45, minimum 0.35")
    assert findings[0].path == "overview.success_criteria[0]"


def test_m10_two_structured_targets_disagree(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.secondary_metrics.append(Metric(name=MetricName.PR_AUC, target=0.6))
    probe.fires(plan, "M10", "target 0.45", "0.6")


def test_m10_operating_point_is_not_a_target(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.business_metrics.append("Recall at 60 % precision of 0.5 or more")
    probe.silent(plan, "M10")


def test_m10_prose_targets_disagree_between_places(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.success_criteria.append("F1 of 0.40")
    plan.brief.success_kpis.append("F1 at least 0.5")
    probe.fires(plan, "M10", "'F1 of 0.40'", "'F1 at least 0.5'")


def test_m10_percent_and_fraction_agree(plan: Plan, probe: RuleProbe) -> None:
    plan.overview.success_criteria = ["PR-AUC of at least 45 %", "Current PR-AUC is 0.21"]
    probe.silent(plan, "M10")


# -- M11 impact claim without randomised test ------------------------------------------------


def test_m11_impact_claim_without_test(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.validation_strategy.ab_test = None
    plan.deployment.rollout.strategy = RolloutStrategy.CANARY
    plan.deployment.rollout.stages = ["5 %", "100 %"]
    probe.fires(plan, "M11", "overview.expected_impact", "'Reduce monthly churn")


def test_m11_holdout_group_counts_as_randomised(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.validation_strategy.ab_test = None
    plan.deployment.rollout.stages = ["randomised 10 % holdout group for 8 weeks"]
    probe.silent(plan, "M11")


def test_m11_no_claim_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.validation_strategy.ab_test = None
    plan.overview.expected_impact = ""
    plan.problem_framing.impact_goals = [ImpactGoal(kpi="monthly churn")]
    probe.silent(plan, "M11")
